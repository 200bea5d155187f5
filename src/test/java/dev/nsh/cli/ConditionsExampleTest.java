package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/conditions.groovy, run as a user runs it, twice (the same seed loses the same pings), leaving nothing behind. */
@NeedsRoot
class ConditionsExampleTest {
    private final String p = TestNames.ns("cond");

    @AfterEach
    void removeWhatTheScriptLeft() {
        for (String ns : namespaces()) Ip.run("netns", "del", ns);
    }

    private List<String> namespaces() {
        return Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(p)).toList();
    }

    @Test
    void delayLossAndARateMeasuredInProcess() {
        List<String> rootBefore = Ip.linkNames(null);
        String lost = null;
        for (int run = 1; run <= 2; run++) {
            NshCommand r = NshCommand.run("examples/conditions.groovy", p);
            assertEquals(0, r.status(), "run " + run + ": " + r.err() + r.out());
            String out = r.out();
            assertTrue(out.contains("RTT at least 40 ms: true"), out);
            assertTrue(out.contains("qdisc netem ") && out.contains(" delay 20ms  5ms"), out);
            assertTrue(out.contains("qdisc tbf ") && out.contains(" rate 10Mbit burst "), out);
            assertTrue(out.contains("Mbits/sec                  receiver"), out);
            assertTrue(out.endsWith("qdisc noqueue 0: root refcnt 2\n"), out);
            // nsh's engine counts what it dropped (a late last reply cannot change that); the kernel's netem prints no count
            String l = out.lines().filter(x -> x.contains(" nsh engine: ")).findFirst()
                    .orElseGet(() -> out.lines().filter(x -> x.contains("packets transmitted")).skip(1).findFirst().orElseThrow().replaceAll(", time .*", ""));
            if (lost != null) assertEquals(lost, l, "seed 42 twice");
            lost = l;
            assertEquals(List.of(), namespaces(), "run " + run + " left namespaces");
        }
        assertEquals(rootBefore, Ip.linkNames(null));
    }
}

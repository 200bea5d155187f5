package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shell as people type at it (issue 13): unfinished lines continued key by key, Ctrl-C in
 * the middle of a sleep in a lab block, hints for a mistyped call. Through tmux, a real terminal.
 */
@NeedsRoot
class ReplTypingTest {
    private final Scratch scratch = new Scratch();
    @TempDir
    Path home;

    @AfterEach
    void closeScratch() {
        scratch.close();
    }

    /** Whether ip netns list shows the namespace. */
    private static boolean listed(String ns) {
        return Ip.run("netns", "list").lines().anyMatch(l -> l.split(" ")[0].equals(ns));
    }

    /** Types each line key by key, Enter after each, then waits for {@code expect}; returns the screen. */
    private static String typed(Tmux t, String expect, String... lines) {
        return t.typed(expect, lines);
    }

    /** Types a whole line at once and Enter, then waits for {@code expect}. */
    private static String entered(Tmux t, String line, String expect) {
        return t.entered(line, expect);
    }

    @Test
    void aForLoopAClosureAndAMapTypedOverSeveralLines() {
        try (Tmux t = new Tmux(home.toString(), Tmux.nsh())) {
            t.waitFor("nsh>", 60);
            typed(t, "...>", "for (i in 1..2) {");
            typed(t, "round 2", "println \"round $i\"", "}");
            typed(t, "142", "k = { x ->", "x * 3 }", "k(14) + 100");
            typed(t, "1006", "m = [a: 1,", " b: 2,", " c: 3]; m.values().sum() + 1000");
            String s = typed(t, "item 14", "[1, 2].each {", "println \"item ${it * 7}\" }");
            assertFalse(s.contains("startup failed"), s);
            assertFalse(s.contains("unknown name"), s);
            t.press("C-d");
        }
    }

    @Test
    void jshellTakesTheSameOverSeveralLines() {
        try (Tmux t = new Tmux(home.toString(), Tmux.nsh("--jshell"))) {
            t.waitFor("jshell>", 90);
            typed(t, "round 2", "for (int i = 1; i <= 2; i++) {", "System.out.println(\"round \" + i);", "}");
            typed(t, "142", "java.util.function.IntUnaryOperator k = x ->", "x * 3;", "k.applyAsInt(14) + 100");
            typed(t, "1006", "var m = Map.of(\"a\", 1,", " \"b\", 2,", " \"c\", 3);", "m.values().stream().mapToInt(v -> v).sum() + 1000");
            t.type("/exit");
            t.press("Enter");
        }
    }

    @Test
    void jshellPingsWithAnOptionsObjectAndPrintsTheSummaryOnce() {
        String a = scratch.track(TestNames.ns("js")), b = scratch.track(TestNames.ns("jt"));
        try (Tmux t = new Tmux(home.toString(), Tmux.nsh("--jshell"))) {
            t.waitFor("jshell>", 90);
            entered(t, "var a = ns(\"" + a + "\"); a.veth(\"v1\").peer(ns(\"" + b + "\"), \"v2\").addr(\"10.0.0.10/24\").up();"
                    + " ns(\"" + b + "\").link(\"v2\").addr(\"10.0.0.20/24\").up(); System.out.println(\"set \" + \"up\")", "set up");
            String s = entered(t, "a.ping(PingOptions.to(\"10.0.0.20\").count(2).interval(0.2))", "PingResult (printed above)");
            assertEquals(1, Tmux.count(s, "--- 10.0.0.20 ping statistics ---"), "the summary is printed once:\n" + s);
            assertTrue(s.contains("2 packets transmitted, 2 received, 0% packet loss"), s);
            t.type("/exit");
            t.press("Enter");
        }
    }

    @Test
    void ctrlCStopsASleepInALabBlockAndTheLabIsRemoved() {
        String name = TestNames.ns("zz");
        scratch.track(name + "-a");
        try (Tmux t = new Tmux(home.toString(), Tmux.nsh())) {
            t.waitFor("nsh>", 60);
            // Ten minutes: only an interrupt brings the prompt back within the wait below.
            entered(t, "lab(\"" + name + "\") { host(\"a\"); println \"lab \" + \"up\"; sleep 600000 }", "lab up");
            assertTrue(listed(name + "-a"), "ip netns list shows the lab's host while the block sleeps");
            t.press("C-c");
            t.waitFor("sleep 600000 ms: interrupted", 60);
            t.waitFor("nsh>", 2, 60);
            assertFalse(listed(name + "-a"), "the lab is removed after Ctrl-C");
            // Groovy code alone (a loop) is stopped too, and the session goes on.
            entered(t, "println \"loop \" + \"on\"; while (true) {}", "loop on");
            t.press("C-c");
            t.waitFor("interrupted", 2, 60);
            entered(t, "6 * 7", "42");
            t.press("C-d");
        }
    }

    @Test
    void aMistypedCallSaysWhatWasMeant() {
        String a = scratch.track(TestNames.ns("ha"));
        try (Tmux t = new Tmux(home.toString(), Tmux.nsh())) {
            t.waitFor("nsh>", 60);
            entered(t, "a = ns(\"" + a + "\")", "namespace " + a);
            entered(t, "a.pnig(\"10.0.0.1\")", "no method pnig(String) on Namespace; did you mean ping(dst, ...)?");
            entered(t, "a.route(\"10.9.0.0/16\")", "route to 10.9.0.0/16 needs a gateway (via) or a device (dev)");
            entered(t, "a.ping(7)", "no method ping(Integer) on Namespace; ping takes (dst, ...), (dst), (options)");
            entered(t, "nss(\"x\")", "no function nss(String); did you mean ns(name, ...)?");
            t.type("a.link(\"x\"");
            t.press("Enter");
            entered(t, ")))", "syntax error at line 2");
            t.press("C-d");
        }
        assertTrue(Ip.json(a, "route", "show").isEmpty(), "ip route: nothing was added");
    }
}

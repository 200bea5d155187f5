package dev.nsh;

import dev.nsh.ns.NamespaceThread;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Proc;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Eight threads build blog pairs, each in namespaces of its own, while {@code ip netns add} and
 * {@code del} run in a loop beside them (as the kernel's selftests race their objects). Afterwards
 * every veth, address and state is where it belongs, judged by {@code ip -j}, and every thread of
 * the JVM but the namespace threads is in the root namespace.
 */
@NeedsRoot
@Timeout(240)
class RacesTest {
    private static final int THREADS = 8, PAIRS = 6;
    private final List<String> made = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void cleanUp() throws Exception {
        StringBuilder del = new StringBuilder();
        for (String n : new java.util.LinkedHashSet<>(made)) if (Files.exists(Path.of("/run/netns", n))) del.append("netns del ").append(n).append('\n');
        if (del.length() > 0) {
            Path f = Files.createTempFile("nsh-races", ".batch");
            Files.writeString(f, del);
            Ip.run("-force", "-batch", f.toString());
            Files.delete(f);
        }
    }

    @Test
    void eightThreadsBuildPairsWhileIpNetnsAddAndDelRunBeside() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        String churnPrefix = TestNames.ns("churn");
        Thread churn = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String n = churnPrefix + (i % 16);
                made.add(n);
                try {
                    new ProcessBuilder("ip", "netns", i % 32 < 16 ? "add" : "del", n).redirectErrorStream(true).start().waitFor();
                } catch (Exception e) {
                    return;
                }
            }
        });
        churn.start();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> builders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int k = t;
            Thread b = new Thread(() -> {
                try {
                    for (int i = 0; i < PAIRS; i++) {
                        String a = TestNames.ns("ra" + k + "x" + i), bb = TestNames.ns("rb" + k + "x" + i);
                        made.add(a);
                        made.add(bb);
                        Namespace na = Nsh.ns(a), nb = Nsh.ns(bb);
                        na.veth("va").peer(nb, "vb").addr("10." + k + "." + i + ".10/24").up();
                        nb.link("vb").addr("10." + k + "." + i + ".20/24").up();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            builders.add(b);
            b.start();
        }
        for (Thread b : builders) b.join();
        stop.set(true);
        churn.join();
        assertEquals(List.of(), failures);

        for (int k = 0; k < THREADS; k++) {
            for (int i = 0; i < PAIRS; i++) {
                String a = TestNames.nsPrefix(), where = "thread " + k + " pair " + i;
                String sa = "-ra" + k + "x" + i, sb = "-rb" + k + "x" + i;
                String na = made.stream().filter(n -> n.endsWith(sa)).findFirst().orElseThrow();
                String nb = made.stream().filter(n -> n.endsWith(sb)).findFirst().orElseThrow();
                assertTrue(na.startsWith(a), na);
                assertEquals(List.of("lo", "va"), Ip.linkNames(na), where);
                assertEquals(List.of("lo", "vb"), Ip.linkNames(nb), where);
                assertEquals("10." + k + "." + i + ".10", Ip.addrs(na, "va").get(0).get("local"), where);
                assertEquals("10." + k + "." + i + ".20", Ip.addrs(nb, "vb").get(0).get("local"), where);
                assertTrue(((List<?>) Ip.link(na, "va").get("flags")).contains("UP"), where + ": va up");
                assertTrue(((List<?>) Ip.link(nb, "vb").get("flags")).contains("UP"), where + ": vb up");
                assertEquals(Ip.link(nb, "vb").get("ifindex"), Ip.link(na, "va").get("link_index"), where + ": va's peer is vb");
            }
        }
        Wait.until(2000, () -> strays().isEmpty());
        assertEquals(Map.of(), strays(), "threads outside the root namespace that are not namespace threads");
    }

    private static Map<Integer, String> strays() {
        String root = Proc.rootNet();
        Set<Integer> ns = NamespaceThread.allTids();
        return Proc.threadNets().entrySet().stream().filter(e -> !ns.contains(e.getKey()) && !e.getValue().equals(root))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}

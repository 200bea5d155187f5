package dev.nsh.ns;

import dev.nsh.model.Cidr;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.RouteOps;
import dev.nsh.ops.Sysctl;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Proc;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads drive different namespaces at once. Afterwards only nsh's namespace threads may sit
 * outside the root namespace (a pool worker born on a switched thread would show up here), and
 * every object must be where it was meant to go, as iproute2 sees it.
 */
@NeedsRoot
class NamespaceThreadsTest {
    private static final int N = 8;
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void parallelWorkLandsRightAndLeavesNoThreadOutsideRoot() throws Exception {
        List<Netns> nss = new ArrayList<>();
        for (int i = 0; i < N; i++) nss.add(scratch.ns("thr" + i));
        ExecutorService pool = Executors.newFixedThreadPool(N);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                int k = i;
                Netns ns = nss.get(i);
                Netns next = nss.get((i + 1) % N);
                done.add(pool.submit(() -> {
                    go.await();
                    // Each namespace gets its own numbers, so a misplaced object is visible.
                    LinkOps.createVeth(ns, "x" + k, next, "y" + k);
                    LinkOps.setUp(ns, "x" + k, true);
                    AddrOps.add(ns, "x" + k, Cidr.parse("10." + k + ".0.1/24"));
                    RouteOps.add(ns, RouteOps.Spec.of("10.10" + k + ".0.0/16", "10." + k + ".0.2", null, 0));
                    Sysctl.set(ns, "net.ipv4.ip_forward", k % 2 == 0 ? "1" : "0");
                    // Work from the common pool too: its workers are born from this (root) thread.
                    return CompletableFuture.supplyAsync(() -> LinkOps.list(ns).size()).get();
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }

        // A namespace thread stopped by an earlier test can linger in /proc for a moment after it left
        // allTids(); a thread that really leaked stays, so look again for a little while.
        Wait.until(2000, () -> strays().isEmpty());
        assertEquals(Map.of(), strays(), "threads outside the root namespace (" + Proc.rootNet() + ") that are not namespace threads");

        for (int k = 0; k < N; k++) {
            String name = nss.get(k).name();
            String next = nss.get((k + 1) % N).name();
            assertTrue(Ip.linkNames(name).contains("x" + k), "x" + k + " in " + name);
            assertTrue(Ip.linkNames(next).contains("y" + k), "y" + k + " in " + next);
            assertEquals(List.of(Map.of("local", "10." + k + ".0.1", "prefixlen", 24)),
                    Ip.addrs(name, "x" + k).stream().map(a -> Map.of("local", a.get("local"), "prefixlen", a.get("prefixlen"))).toList());
            List<String> routes = Ip.json(name, "route", "show").stream().map(r -> r.get("dst") + " " + r.get("gateway")).toList();
            assertTrue(routes.contains("10.10" + k + ".0.0/16 10." + k + ".0.2"), name + ": " + routes);
            String fwd = Ip.run("netns", "exec", name, "cat", "/proc/sys/net/ipv4/ip_forward").strip();
            assertEquals(k % 2 == 0 ? "1" : "0", fwd, "ip_forward in " + name);
        }
    }

    /** Threads of this JVM outside the root namespace that are not namespace threads: tid to namespace. */
    static Map<Integer, String> strays() {
        String root = Proc.rootNet();
        Set<Integer> nsThreads = NamespaceThread.allTids();
        return Proc.threadNets().entrySet().stream()
                .filter(e -> !nsThreads.contains(e.getKey()) && !e.getValue().equals(root))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void namespaceThreadsAreInTheirNamespaces() {
        Netns ns = scratch.ns("thr-own");
        LinkOps.list(ns);
        assertEquals(Proc.netOf(java.nio.file.Path.of("/run/netns", ns.name())), Proc.threadNets().get(ns.thread().tid()));
        assertFalse(Proc.rootNet().equals(Proc.threadNets().get(ns.thread().tid())));
    }
}

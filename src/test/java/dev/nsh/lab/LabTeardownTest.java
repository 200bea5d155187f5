package dev.nsh.lab;

import dev.nsh.cli.ScriptRunner;
import dev.nsh.error.InvalidInputException;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;

import groovy.lang.Binding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lab leaves nothing when its block ends, throws at any step, or is interrupted. */
@NeedsRoot
class LabTeardownTest {
    private final List<String> labs = new ArrayList<>();
    private Map<String, String> rootBefore;

    @BeforeEach
    void snapshot() {
        rootBefore = LabJudge.rootLinks();
    }

    @AfterEach
    void cleanUp() {
        for (String lab : labs) LabJudge.assertLeftNothingOrDelete(lab);
    }

    private String labName() {
        String n = TestNames.ns("lab");
        labs.add(n);
        return n;
    }

    /** The steps of a small lab of every kind; step k throws instead of building. */
    private static void build(Lab lab, int throwAt) {
        List<Runnable> steps = List.of(
                () -> lab.host("a"),
                () -> lab.hosts(3),
                () -> lab.link("a", "h1"),
                () -> lab.link(Map.of("subnet", "10.9.0.0/24"), "h2", "h3"),
                () -> lab.bridge("sw", "h1", "h2", "h3"),
                () -> lab.router("gw", "a", "h3"),
                () -> lab.spawn("h1", "sleep", "60"),
                () -> lab.pingAll());
        for (int i = 0; i < steps.size(); i++) {
            if (i == throwAt) throw new IllegalStateException("boom at step " + i);
            steps.get(i).run();
        }
    }

    @Test
    void aBlockThatThrowsAtARandomStepLeavesNothing() {
        // The seed is in every failure's message; -Dnsh.test.seed=N runs the same steps again.
        long seed = Long.getLong("nsh.test.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 3; round++) {
            int k = random.nextInt(9);
            String name = labName(), what = "seed " + seed + ", round " + round + ", step " + k;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                try (Lab lab = Labs.lab(name)) {
                    lab.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                    build(lab, k);
                    throw new IllegalStateException("boom at the end");
                }
            }, what);
            assertTrue(e.getMessage().startsWith("boom at"), what + ": " + e.getMessage());
            LabJudge.assertNothingLeft(name, rootBefore, what);
        }
    }

    @Test
    void aFullLabIsRemovedWhenItsBlockEnds() {
        String name = labName();
        try (Lab lab = Labs.lab(name)) {
            lab.output(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            build(lab, -1);
            assertEquals(6, LabJudge.namespacesOf(name).size());
            assertEquals(1, LabJudge.processesIn(name).size(), "the sleep spawned in h1, as ip netns pids sees it");
            assertTrue(Files.exists(LabState.file(name)));
        }
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    @Test
    void aGroovyBlockThatThrowsLeavesNothingAndItsErrorIsTheOneSeen() {
        String name = labName();
        Binding b = new Binding();
        RuntimeException e = assertThrows(RuntimeException.class, () -> ScriptRunner.shell(b).evaluate(
                "lab('" + name + "') { star(3); assert h1.ip == '10.0.0.2'; throw new RuntimeException('from the block') }"));
        assertEquals("from the block", e.getMessage());
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    @Test
    void theGroovyBlockGetsTheLabAsDelegateAndArgument() {
        String name = labName();
        Binding b = new Binding();
        b.setVariable("args", new String[] {"x"});
        Object r = ScriptRunner.shell(b).evaluate(
                "lab('" + name + "') { l -> pair(); assert l.is(delegate); [l.name, h1.namespaceName, h2.ip, l.h2.ip, args[0]] }");
        assertEquals(List.of(name, name + "-h1", "10.0.0.2", "10.0.0.2", "x"), r);
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    @Test
    void anInterruptedBuildLeavesNothing() throws Exception {
        String name = labName();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (Lab lab = Labs.lab(name)) {
                lab.star(20);
                Thread.sleep(60_000);
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        t.start();
        assertTrue(dev.nsh.testing.Wait.until(30_000, () -> LabJudge.namespacesOf(name).size() >= 21), "star(20) was not built");
        t.interrupt();
        t.join(60_000);
        assertFalse(t.isAlive());
        // Interrupted while sleeping after the build, or (on a slow machine) while still building.
        assertTrue(seen.get() instanceof InterruptedException
                || seen.get() instanceof dev.nsh.error.NshException && seen.get().getMessage().contains("interrupted"), String.valueOf(seen.get()));
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    /** Interrupted before a host is asked for: whatever of it gets made, the lab removes. */
    @Test
    void aHostAskedForWithTheInterruptAlreadySetLeavesNothing() throws Exception {
        String name = labName();
        Thread t = new Thread(() -> {
            try (Lab lab = Labs.lab(name)) {
                Thread.currentThread().interrupt();
                lab.host("a");
            } catch (RuntimeException e) {
                // interrupted: what matters is what is left
            }
        });
        t.start();
        t.join(30_000);
        assertFalse(t.isAlive());
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    /** Interrupted again and again while it is being removed: the teardown still finishes. */
    @Test
    void interruptsDuringTeardownDoNotStopIt() throws Exception {
        String name = labName();
        java.util.concurrent.CountDownLatch built = new java.util.concurrent.CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Lab lab = Labs.lab(name);
            try {
                lab.star(10);
            } finally {
                built.countDown();
                try {
                    lab.close();
                } catch (Throwable e) {
                    seen.set(e);
                }
            }
        });
        t.start();
        assertTrue(built.await(60, java.util.concurrent.TimeUnit.SECONDS));
        while (t.isAlive()) {
            t.interrupt();
            Thread.sleep(1);
        }
        assertNull(seen.get(), () -> "close() failed: " + seen.get());
        LabJudge.assertNothingLeft(name, rootBefore);
    }

    /**
     * An interrupt that lands while one node is being made: at every moment from before the
     * namespace exists to after it is recorded, the lab still removes what it made. Spread over
     * 0 to 4 ms of delay, so that some land mid-creation (a fuzz beside the two tests above).
     */
    @Test
    void anInterruptDuringOneNodesCreationLeavesNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            String name = labName();
            long delayNanos = i * 200_000L;
            Thread t = new Thread(() -> {
                try (Lab lab = Labs.lab(name)) {
                    lab.host("a");
                } catch (RuntimeException e) {
                    // interrupted: what matters is what is left
                }
            });
            t.start();
            long until = System.nanoTime() + delayNanos;
            while (System.nanoTime() < until) Thread.onSpinWait();
            t.interrupt();
            t.join(30_000);
            assertFalse(t.isAlive());
            LabJudge.assertNothingLeft(name, rootBefore);
        }
    }

    @Test
    void badInputIsOneLineNamingTheValueBeforeAnyChange() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Labs.lab("a/b"));
        assertEquals("lab name \"a/b\" is not allowed; it must be 1 to 32 letters, digits, \"_\", \".\" or \"-\", starting with a letter or digit",
                e.getMessage());
        assertFalse(Files.exists(LabState.file("a")));
        String name = labName();
        try (Lab lab = Labs.lab(name)) {
            lab.hosts(2);
            assertEquals("link: both ends are node h1; a link joins two nodes",
                    assertThrows(InvalidInputException.class, () -> lab.link("h1", "h1")).getMessage());
            lab.link(Map.of("subnet", "10.9.0.0/24"), "h1", "h2");
            assertEquals("subnet \"10.9.0.128/25\" overlaps 10.9.0.0/24, already used in this lab",
                    assertThrows(InvalidInputException.class, () -> lab.link(Map.of("subnet", "10.9.0.128/25"), "h1", "h2")).getMessage());
            assertEquals("link(): unknown option \"subnett\" (did you mean subnet?); it takes subnet, addresses, delay, jitter, loss, rate, duplicate, corrupt, reorder, limit, seed, distribution, ecn, slot",
                    assertThrows(InvalidInputException.class, () -> lab.link(Map.of("subnett", "10.9.0.0/24"), "h1", "h2")).getMessage());
            assertEquals("lab " + name + " has no node \"h9\"; it has h1, h2",
                    assertThrows(InvalidInputException.class, () -> lab.link("h1", "h9")).getMessage());
            Subnet p2p = lab.subnets().get(0);
            assertEquals("router gw: subnet 10.9.0.0/24 is not a bridge's LAN of lab " + name + "; pass a bridge's subnet or a node",
                    assertThrows(InvalidInputException.class, () -> lab.router("gw", p2p)).getMessage());
            assertEquals("chain(1): a chain needs 2 or more hosts", assertThrows(InvalidInputException.class, () -> lab.chain(1)).getMessage());
            assertEquals(1, lab.wires().size());
            assertEquals(2, lab.nodes().size());
        }
        LabJudge.assertNothingLeft(name, rootBefore);
    }
}

package dev.nsh.junit;

import dev.nsh.lab.Lab;
import dev.nsh.lab.LabClean;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension as JUnit runs it: the sample classes below are run by JUnit's EngineTestKit (they
 * are nested, so that Surefire never runs them itself), and their outcomes, output and what
 * {@code ip netns list} shows are judged here.
 */
@NeedsRoot
class NshExtensionTest {
    /** The names of the labs the samples got. */
    static final Queue<String> LABS = new ConcurrentLinkedQueue<>();
    static final int PARALLEL = 3;
    /** The parallel sample's tests meet here: all their labs are up at once. */
    static final CyclicBarrier TOGETHER = new CyclicBarrier(PARALLEL);

    /** The namespaces of {@code lab} that {@code ip netns list} shows. */
    static List<String> namespacesOf(String lab) {
        return Arrays.stream(Ip.run("netns", "list").split("\n")).map(l -> l.split(" ")[0].strip())
                .filter(n -> n.startsWith(lab + "-")).sorted().toList();
    }

    private static void await() throws Exception {
        TOGETHER.await(120, TimeUnit.SECONDS); // a guard against a hang, not a measure
    }

    /** Three runs of one test at once, each with the same node names (h1, h2, s1). */
    @ExtendWith(NshExtension.class)
    @Execution(ExecutionMode.CONCURRENT)
    static class ParallelSample {
        @RepeatedTest(PARALLEL)
        void sameNodeNames(Lab lab) throws Exception {
            LABS.add(lab.name());
            lab.output(new PrintStream(OutputStream.nullOutputStream()));
            lab.star(2);
            await();
            assertEquals(List.of(lab.name() + "-h1", lab.name() + "-h2", lab.name() + "-s1"), namespacesOf(lab.name()));
            NshAssertions.assertReachableBothWays(lab.node("h1"), lab.node("h2"));
            await(); // no lab goes before all have pinged
        }
    }

    static class Failing {
        @ExtendWith(NshExtension.class)
        static class Sample {
            @Test
            void fails(Lab lab) {
                LABS.add(lab.name());
                lab.pair();
                fail("h1 saw no h3");
            }

            @Test
            @Timeout(2)
            void timesOut(Lab lab) throws InterruptedException {
                LABS.add(lab.name());
                lab.pair();
                new CountDownLatch(1).await();
            }
        }
    }

    static class InTheWay {
        @ExtendWith(NshExtension.class)
        static class Sample {
            @Test
            void aNamespaceInTheWay(Lab lab) {
                LABS.add(lab.name());
                lab.host("h1");
                Ip.run("netns", "add", lab.name() + "-h2"); // someone else's
                lab.host("h2");
            }
        }
    }

    static class FailingBeforeEach {
        @ExtendWith(NshExtension.class)
        static class Sample {
            @BeforeEach
            void build(Lab lab) {
                LABS.add(lab.name());
                lab.pair();
                throw new IllegalStateException("set-up failed");
            }

            @Test
            void neverRuns(Lab lab) {
                fail("ran");
            }
        }
    }

    static class Kept {
        @ExtendWith(NshExtension.class)
        static class Sample {
            @Test
            @NshLab(keepOnFailure = true)
            void failsAndKeeps(Lab lab) {
                LABS.add(lab.name());
                lab.pair();
                fail("look at it");
            }
        }
    }

    /** One lab per test, whoever asks for it; another for the class, from @BeforeAll. */
    @ExtendWith(NshExtension.class)
    static class SharingSample {
        static Lab ofTheClass;
        static final Set<Lab> OF_TESTS = Collections.synchronizedSet(new HashSet<>());
        private final Lab fromConstructor;
        private Lab fromBeforeEach;

        SharingSample(Lab lab) {
            fromConstructor = lab;
        }

        @BeforeAll
        static void all(Lab lab) {
            LABS.add(lab.name());
            ofTheClass = lab;
            lab.host("h1");
        }

        @BeforeEach
        void each(Lab lab) {
            fromBeforeEach = lab;
        }

        @Test
        void one(Lab lab) {
            check(lab);
        }

        @Test
        void two(Lab lab) {
            check(lab);
        }

        private void check(Lab lab) {
            LABS.add(lab.name());
            assertSame(fromConstructor, lab, "the constructor's lab");
            assertSame(fromBeforeEach, lab, "@BeforeEach's lab");
            assertNotSame(ofTheClass, lab, "the class's lab");
            OF_TESTS.add(lab);
            lab.host("h1");
            assertEquals(List.of(ofTheClass.name() + "-h1"), namespacesOf(ofTheClass.name()), "the class's lab is up");
        }
    }

    @ExtendWith(NshExtension.class)
    @NshLab(ipv6 = true)
    static class OptionsSample {
        @Test
        void fromTheClass(Lab lab) {
            assertTrue(lab.isIpv6());
        }

        @Test
        @NshLab
        void theMethodsWin(Lab lab) {
            assertFalse(lab.isIpv6());
        }

        @Nested
        class Inner {
            @Test
            void fromTheEnclosingClass(Lab lab) {
                assertTrue(lab.isIpv6());
            }
        }
    }

    static EngineExecutionResults run(Class<?> sample, Map<String, String> config) {
        return EngineTestKit.engine("junit-jupiter").configurationParameters(config).selectors(selectClass(sample)).execute();
    }

    static EngineExecutionResults run(Class<?> sample) {
        return run(sample, Map.of());
    }

    /** {@code run} with System.out captured (the extension prints a failed test's lab there). */
    static String output(Runnable run) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream was = System.out;
        System.setOut(new PrintStream(b, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(was);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Test name to its failure, for the failed tests. */
    static Map<String, Throwable> failures(EngineExecutionResults r) {
        Map<String, Throwable> m = new TreeMap<>();
        for (Event e : r.testEvents().failed().list()) {
            m.put(e.getTestDescriptor().getLegacyReportingName(), e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow());
        }
        return m;
    }

    private static List<String> since(int before) {
        return List.copyOf(LABS).subList(before, LABS.size());
    }

    @AfterAll
    static void nothingIsLeft() {
        for (String lab : LABS) assertEquals(List.of(), namespacesOf(lab), "namespaces of lab " + lab);
    }

    @Test
    void parallelTestsWithTheSameNodeNamesDoNotCollide() {
        int before = LABS.size();
        EngineExecutionResults r = run(ParallelSample.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(PARALLEL)));
        assertEquals(Map.of(), failures(r));
        r.testEvents().assertStatistics(s -> s.started(PARALLEL).succeeded(PARALLEL));
        List<String> labs = since(before);
        assertEquals(PARALLEL, new HashSet<>(labs).size(), "three labs: " + labs);
        for (String lab : labs) assertEquals(List.of(), namespacesOf(lab), "namespaces of lab " + lab);
    }

    @Test
    void aFailedOrTimedOutTestsLabIsShownAndRemoved() {
        int before = LABS.size();
        EngineExecutionResults[] r = new EngineExecutionResults[1];
        String out = output(() -> r[0] = run(Failing.Sample.class));
        Map<String, Throwable> failed = failures(r[0]);
        assertEquals(Set.of("fails(Lab)", "timesOut(Lab)"), failed.keySet());
        assertEquals("h1 saw no h3", failed.get("fails(Lab)").getMessage());
        assertEquals("timesOut(dev.nsh.lab.Lab) timed out after 2 seconds", failed.get("timesOut(Lab)").getMessage());
        List<String> labs = since(before);
        assertEquals(2, labs.size());
        for (String lab : labs) assertEquals(List.of(), namespacesOf(lab), "namespaces of lab " + lab);
        String fails = labs.stream().filter(l -> l.contains(".fails-")).findFirst().orElseThrow();
        assertTrue(out.contains("Sample.fails failed (AssertionFailedError: h1 saw no h3); its lab was:\nlab " + fails
                + ": 2 hosts, 0 switches, 0 routers, 1 link\nnode  role"), out);
        assertTrue(out.contains("Sample.timesOut failed (TimeoutException: timesOut(dev.nsh.lab.Lab) timed out after 2 seconds); its lab was:\n"), out);
    }

    @Test
    void aLabThatFailsToBuildFailsTheTestWithTheBuildsMessageAndIsRemoved() {
        int before = LABS.size();
        EngineExecutionResults r = run(InTheWay.Sample.class);
        String lab = since(before).get(0);
        try {
            Throwable t = failures(r).get("aNamespaceInTheWay(Lab)");
            assertEquals("node h2 of lab " + lab + ": namespace " + lab + "-h2 exists already; a lab only uses namespaces it makes"
                    + " (if a killed lab left it: scripts/nsh --clean " + lab + ")", t.getMessage());
            assertEquals(0, t.getSuppressed().length, "nothing else went wrong");
            assertEquals(List.of(lab + "-h2"), namespacesOf(lab), "the lab's h1 is removed, the namespace in the way left alone");
        } finally {
            Ip.run("netns", "del", lab + "-h2");
        }
    }

    @Test
    void aLabOfAFailedBeforeEachIsRemoved() {
        int before = LABS.size();
        EngineExecutionResults r = run(FailingBeforeEach.Sample.class);
        assertEquals("set-up failed", failures(r).get("neverRuns(Lab)").getMessage());
        String lab = since(before).get(0);
        assertEquals(List.of(), namespacesOf(lab));
    }

    @Test
    void keepOnFailureLeavesTheLabUpAndSaysHowToRemoveIt() {
        int before = LABS.size();
        String out = output(() -> run(Kept.Sample.class));
        String lab = since(before).get(0);
        try {
            assertEquals(List.of(lab + "-h1", lab + "-h2"), namespacesOf(lab));
            assertTrue(out.contains("lab " + lab + " is kept: 2 namespaces " + lab + "-*. Remove it with: scripts/nsh --clean " + lab), out);
        } finally {
            assertEquals(0, LabClean.run(lab, System.out, System.err));
        }
        assertEquals(List.of(), namespacesOf(lab));
    }

    @Test
    void allOfATestShareItsLabAndTheClassHasItsOwn() {
        int before = LABS.size();
        EngineExecutionResults r = run(SharingSample.class);
        assertEquals(Map.of(), failures(r));
        r.testEvents().assertStatistics(s -> s.succeeded(2));
        assertEquals(2, SharingSample.OF_TESTS.size(), "a lab per test");
        for (String lab : since(before)) assertEquals(List.of(), namespacesOf(lab), "namespaces of lab " + lab);
    }

    @Test
    void optionsComeFromTheMethodTheClassOrAnEnclosingClass() {
        EngineExecutionResults r = run(OptionsSample.class);
        assertEquals(Map.of(), failures(r));
        r.testEvents().assertStatistics(s -> s.succeeded(3));
    }
}

package dev.nsh.lab;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --clean} removes only what a lab recorded having made: never a namespace the record has
 * no identity for, never a process whose start time it does not know; and whatever moment a build
 * is killed at, --clean then leaves nothing of the lab, and every namespace someone else made
 * meanwhile survives. Judged by {@code ip netns list} and the process table.
 */
@NeedsRoot
@Timeout(300)
class LabCleanSafetyTest {
    private final List<String> labs = new ArrayList<>();
    private final List<String> bystanders = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Map<String, String> rootBefore;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        rootBefore = LabJudge.rootLinks();
        dir = Files.createTempDirectory("nsh-lab-clean");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (String b : bystanders) if (LabJudge.ipNamespaceExists(b)) Ip.run("netns", "del", b);
        for (String lab : labs) LabJudge.assertLeftNothingOrDelete(lab);
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    private String labName() {
        String n = TestNames.ns("lab");
        labs.add(n);
        return n;
    }

    /** A state file as a killed process leaves it: an owner that is gone, and the lines given. */
    private static void stateFile(String lab, String... lines) throws Exception {
        Files.createDirectories(LabState.dir());
        StringBuilder s = new StringBuilder("{\"lab\":\"" + lab + "\",\"pid\":4194999,\"start\":\"2026-01-01T00:00:00Z\"}\n");
        for (String l : lines) s.append(l).append('\n');
        Files.writeString(LabState.file(lab), s);
    }

    @Test
    void aNamespaceRecordedWithoutIdentityIsLeftAlone() throws Exception {
        String lab = labName();
        String ns = lab + "-h1";
        bystanders.add(ns);
        // The lab recorded h1 before making it and was killed before it knew what it made; the
        // name is someone else's now (ip netns add), as two labs "a" + "b-c" and "a-b" + "c" would share it.
        stateFile(lab, "{\"id\":1,\"kind\":\"netns\",\"name\":\"" + ns + "\",\"node\":\"h1\",\"role\":\"host\"}");
        Ip.run("netns", "add", ns);
        LabChild clean = LabChild.run("--clean", lab);
        assertEquals(0, clean.status(), clean.out());
        assertTrue(clean.out().contains("namespace " + ns + " is not the one the lab made (no identity recorded); left alone"), clean.out());
        assertTrue(LabJudge.ipNamespaceExists(ns), ns + " survives");
    }

    @Test
    void aProcessRecordedWithoutStartTimeIsNotKilled() throws Exception {
        String lab = labName();
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        processes.add(sleeper);
        // Its pid may be the one a killed lab's program had: without a start time nothing proves it.
        stateFile(lab, "{\"id\":1,\"kind\":\"process\",\"ns\":\"" + lab + "-h1\",\"command\":[\"sleep\",\"600\"],\"pid\":" + sleeper.pid() + "}");
        LabChild clean = LabChild.run("--clean", lab);
        assertEquals(0, clean.status(), clean.out());
        assertTrue(sleeper.isAlive(), "the process was not killed: " + clean.out());
        assertTrue(!clean.out().contains("killed"), clean.out());
    }

    @Test
    void killedAtTwentyMomentsOfABuildCleanLeavesNothingAndBystandersSurvive() throws Exception {
        long seed = Long.getLong("nsh.test.seed", System.nanoTime());
        Random random = new Random(seed);
        int midBuild = 0;
        for (int round = 0; round < 20; round++) {
            String lab = labName();
            Path out = dir.resolve("out-" + round + ".txt");
            Path script = dir.resolve("build-" + round + ".groovy");
            Files.writeString(script, "lab(args[0]) { star(20); chain(6, routers: true); println 'built'; sleep 60000 }");
            String bystander = TestNames.ns("by" + round);
            bystanders.add(bystander);
            Process p = LabChild.start(out, script.toString(), lab);
            processes.add(p);
            Ip.run("netns", "add", bystander); // made by someone else, meanwhile
            // The build begins when the state file appears; it is killed at a moment within it, counted in
            // odd rounds from its first namespace (so that a slow machine still has half its kills mid-build).
            assertTrue(Wait.until(60_000, () -> Files.exists(LabState.file(lab))), "the lab did not start: seed " + seed);
            if (round % 2 == 1) assertTrue(Wait.until(60_000, () -> !LabJudge.namespacesOf(lab).isEmpty()), "no namespace made: seed " + seed);
            long delay = random.nextInt(500);
            Thread.sleep(delay);
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = new java.io.PrintStream(text, true);
            int status = LabClean.run(lab, ps, ps);
            String what = "seed " + seed + ", round " + round + ", killed " + delay + " ms into the build: " + text;
            assertEquals(0, status, what);
            assertEquals(List.of(), LabJudge.namespacesOf(lab), what);
            assertTrue(!Files.exists(LabState.file(lab)), what);
            assertTrue(LabJudge.ipNamespaceExists(bystander), "the bystander survives; " + what);
            if (text.toString().matches("(?s).*removed [1-9].*")) midBuild++;
        }
        // Most kills land with part of the lab made (else the test would not test): seen 16 to 19 of 20.
        assertTrue(midBuild >= 10, "only " + midBuild + " of 20 kills found namespaces to remove (seed " + seed + ")");
        LabJudge.assertNothingLeft(labs.get(0), rootBefore);
    }
}

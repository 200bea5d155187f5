package dev.nsh.lab;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recovery: a script killed with SIGKILL mid-build, then {@code nsh --clean}; keep: true, then
 * --clean; SIGTERM (the shutdown hook). Judged by {@code ip netns list}, the root's links and the
 * state files; a namespace made by {@code ip netns add} meanwhile survives.
 */
@NeedsRoot
class LabCrashTest {
    private final List<String> labs = new ArrayList<>();
    private final List<String> bystanders = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private Map<String, String> rootBefore;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        rootBefore = LabJudge.rootLinks();
        dir = Files.createTempDirectory("nsh-lab-crash");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
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

    private Process start(String script, String... args) throws Exception {
        Path file = dir.resolve("lab-" + children.size() + ".groovy");
        Files.writeString(file, script);
        List<String> a = new ArrayList<>(List.of(file.toString()));
        a.addAll(List.of(args));
        Process p = LabChild.start(dir.resolve("out-" + children.size() + ".txt"), a.toArray(new String[0]));
        children.add(p);
        return p;
    }

    @Test
    void aScriptKilledMidBuildIsRemovedByCleanAndABystanderSurvives() throws Exception {
        String lab = labName();
        // 50 hosts in a line, one at a time, slowly enough to be killed half-way.
        Process p = start("lab(args[0]) { def prev = null; for (i in 1..50) { def h = host(\"h$i\"); if (prev) link(prev, h); prev = h; sleep 30 }; sleep 60000 }", lab);
        String bystander = TestNames.ns("bystander");
        bystanders.add(bystander);
        Ip.run("netns", "add", bystander);
        assertTrue(Wait.until(60_000, () -> LabJudge.namespacesOf(lab).size() >= 10), "the build did not start");
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        int left = LabJudge.namespacesOf(lab).size();
        assertTrue(left >= 10 && left < 50, "killed mid-build, " + left + " namespaces left");
        assertTrue(Files.exists(LabState.file(lab)), "the state file stays after SIGKILL");

        LabChild clean = LabChild.run("--clean", lab);
        assertEquals(0, clean.status(), clean.out());
        assertTrue(clean.out().contains("lab " + lab + ": removed " + left + " namespaces"), clean.out());
        LabJudge.assertNothingLeft(lab, rootBefore);
        assertTrue(LabJudge.ipNamespaceExists(bystander), "the namespace ip netns add made survives --clean");

        LabChild again = LabChild.run("--clean", lab);
        assertEquals(1, again.status(), again.out());
        assertTrue(again.out().contains("no lab " + lab + ": no state file"), again.out());
    }

    @Test
    void cleanLeavesANamespaceThatIsNoLongerTheLabsOne() throws Exception {
        String lab = labName();
        Process p = start("lab(args[0]) { pair(); println 'built'; sleep 60000 }", lab);
        assertTrue(Wait.until(60_000, () -> Files.exists(dir.resolve("out-0.txt")) && read(dir.resolve("out-0.txt")).contains("built")));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        // Someone replaces h2's namespace by one of their own, under the same name.
        String h2 = lab + "-h2";
        Ip.run("netns", "del", h2);
        // Time for the kernel to free the old namespace, so that its inode number is reused by the
        // new one (as it usually is): the ctime must tell them apart.
        Thread.sleep(1000);
        Ip.run("netns", "add", h2);
        bystanders.add(h2);
        LabChild clean = LabChild.run("--clean", lab);
        assertEquals(0, clean.status(), clean.out());
        assertTrue(clean.out().contains("namespace " + h2 + " is not the one the lab made (another inode or ctime); left alone"), clean.out());
        assertTrue(LabJudge.ipNamespaceExists(h2));
        assertFalse(LabJudge.ipNamespaceExists(lab + "-h1"));
    }

    @Test
    void cleanLeavesALabWhoseProcessStillRuns() throws Exception {
        String lab = labName();
        Process p = start("lab(args[0]) { pair(); println 'built'; sleep 60000 }", lab);
        assertTrue(Wait.until(60_000, () -> read(dir.resolve("out-0.txt")).contains("built")));
        LabChild clean = LabChild.run("--clean", lab);
        assertEquals(0, clean.status(), clean.out());
        assertTrue(clean.out().contains("lab " + lab + ": its process " + p.pid() + " is still running; left alone"), clean.out());
        assertEquals(List.of(lab + "-h1", lab + "-h2"), LabJudge.namespacesOf(lab));
        // SIGTERM: the JVM exits through its shutdown hooks, and the lab's removes it.
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        LabJudge.assertNothingLeft(lab, rootBefore);
    }

    @Test
    void keepLeavesTheLabAndCleanRemovesIt() {
        String lab = labName();
        LabChild run = LabChild.run("-e", "lab('" + lab + "', keep: true) { pair() }");
        assertEquals(0, run.status(), run.out());
        assertTrue(run.out().contains("lab " + lab + " is kept: 2 namespaces " + lab + "-*. Remove it with: scripts/nsh --clean " + lab), run.out());
        assertEquals(List.of(lab + "-h1", lab + "-h2"), LabJudge.namespacesOf(lab));
        assertEquals("10.0.0.1", Ip.addrs(lab + "-h1", "h1-eth0").get(0).get("local"));
        assertTrue(Files.exists(LabState.file(lab)));

        LabChild clean = LabChild.run("--clean", lab);
        assertEquals(0, clean.status(), clean.out());
        assertEquals("lab " + lab + ": removed 2 namespaces\n", clean.out());
        LabJudge.assertNothingLeft(lab, rootBefore);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

package dev.nsh.lab;

import dev.nsh.ns.NamespaceIdentity;

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
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
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
        // Someone replaces h2's namespace by one of their own, under the same name. The kernel
        // hands out the lowest free inode number, so the new one often has the old one's number;
        // whether it does here depends on what else the machine makes meanwhile. So the state file
        // is made to say what it would then say (the lab made a namespace with the new one's
        // device and inode number, at the old one's ctime: a fact line, as LabBuild appends them),
        // and only the ctime can tell them apart.
        String h2 = lab + "-h2";
        Path file = Path.of("/run/netns", h2);
        NamespaceIdentity old = NamespaceIdentity.of(file);
        Ip.run("netns", "del", h2);
        bystanders.add(h2);
        Ip.run("netns", "add", h2);
        NamespaceIdentity now = NamespaceIdentity.of(file);
        NamespaceIdentity sameNumber = new NamespaceIdentity(now.device(), now.inode(), old.ctime());
        assertTrue(sameNumber.sameFile(now) && !sameNumber.equals(now), "the same device and inode number, another ctime");
        Path state = LabState.dir().resolve(lab + ".jsonl");
        long id = recordIdOf(state, h2);
        Files.writeString(state, "{\"id\":" + id + ",\"identity\":\"" + sameNumber.text() + "\"}\n", java.nio.file.StandardOpenOption.APPEND);
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

    /** A lab script killed with SIGKILL leaves its programs running in its namespaces: --clean kills them, and their children. */
    @Test
    void cleanKillsTheProgramsOfAKilledLab() throws Exception {
        String lab = labName();
        Process p = start("lab(args[0]) { pair(); spawn(h1, 'sleep', '600'); spawn(h2, 'sh', '-c', 'sleep 600 & wait');"
                + " println 'built'; sleep 60000 }", lab);
        assertTrue(Wait.until(60_000, () -> read(dir.resolve("out-0.txt")).contains("built")), () -> read(dir.resolve("out-0.txt")));
        // sleep in h1; sh and its sleep in h2, as ip netns pids sees them (the sh's child may take a moment).
        assertTrue(Wait.until(10_000, () -> LabJudge.processesIn(lab).size() == 3), () -> "pids: " + LabJudge.processesIn(lab));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, LabJudge.processesIn(lab).size(), "the programs outlive the killed JVM");
        LabChild clean = LabChild.run("--clean", lab);
        assertEquals(0, clean.status(), clean.out());
        assertTrue(clean.out().contains("lab " + lab + ": removed 2 namespaces, killed 2 processes"), clean.out());
        LabJudge.assertNothingLeft(lab, rootBefore);
    }

    /** Ctrl-C (SIGINT) at a running lab script: the JVM exits through its shutdown hook, which removes the lab and stops its programs. */
    @Test
    void anInterruptedScriptRemovesItsLabAndItsPrograms() throws Exception {
        String lab = labName();
        Process p = start("lab(args[0]) { star(3); spawn(h1, 'sleep', '600'); println 'built'; sleep 60000 }", lab);
        assertTrue(Wait.until(60_000, () -> read(dir.resolve("out-0.txt")).contains("built")), () -> read(dir.resolve("out-0.txt")));
        assertEquals(4, LabJudge.namespacesOf(lab).size());
        assertEquals(1, LabJudge.processesIn(lab).size());
        Ip.run(List.of("kill", "-INT", String.valueOf(p.pid())));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script ended on SIGINT");
        assertEquals(130, p.exitValue(), "128 + SIGINT: " + read(dir.resolve("out-0.txt")));
        LabJudge.assertNothingLeft(lab, rootBefore);
    }

    /** --clean without a name cleans every lab that has a state file (here in a directory of the test's own). */
    @Test
    void cleanWithoutANameCleansEveryLab() throws Exception {
        Path states = Files.createTempDirectory(dir, "states");
        List<String> inDir = List.of("-Dnsh.lab.dir=" + states);
        String one = labName(), two = labName();
        for (String lab : List.of(one, two)) {
            LabChild run = LabChild.run(inDir, "-e", "lab('" + lab + "', keep: true) { pair() }");
            assertEquals(0, run.status(), run.out());
            assertEquals(2, LabJudge.namespacesOf(lab).size());
        }
        try (var s = Files.list(states)) {
            assertEquals(2, s.count(), "two state files");
        }
        LabChild clean = LabChild.run(inDir, "--clean");
        assertEquals(0, clean.status(), clean.out());
        assertTrue(clean.out().contains("lab " + one + ": removed 2 namespaces\n") && clean.out().contains("lab " + two + ": removed 2 namespaces\n"),
                clean.out());
        for (String lab : List.of(one, two)) assertEquals(List.of(), LabJudge.namespacesOf(lab), lab);
        LabChild again = LabChild.run(inDir, "--clean");
        assertEquals(0, again.status(), again.out());
        assertEquals("no labs to clean (no state files in " + states + ")\n", again.out());
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

    /** The id of the netns record named {@code name} in a state file. */
    private static long recordIdOf(Path state, String name) throws java.io.IOException {
        for (String line : Files.readAllLines(state)) {
            if (line.contains("\"kind\":\"netns\"") && line.contains("\"name\":\"" + name + "\"")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(line);
                if (m.find()) return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no record of " + name + " in " + state);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

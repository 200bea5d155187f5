package dev.nsh.lab;

import dev.nsh.testing.Ip;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** iproute2's view of what labs leave: {@code ip netns list}, the root's {@code ip -j link}, state files. */
final class LabJudge {
    private LabJudge() {}

    /** The namespaces of {@code lab} that {@code ip netns list} shows. */
    static List<String> namespacesOf(String lab) {
        return Arrays.stream(Ip.run("netns", "list").split("\n")).map(l -> l.split(" ")[0].strip())
                .filter(n -> n.startsWith(lab + "-")).sorted().toList();
    }

    static boolean ipNamespaceExists(String name) {
        return Arrays.stream(Ip.run("netns", "list").split("\n")).map(l -> l.split(" ")[0].strip()).anyMatch(name::equals);
    }

    /** The root namespace's links: name to flags, as {@code ip -j link show} reports them. */
    static Map<String, String> rootLinks() {
        Map<String, String> m = new TreeMap<>();
        for (Map<String, Object> l : Ip.json(null, "link", "show")) m.put((String) l.get("ifname"), String.valueOf(l.get("flags")));
        return m;
    }

    /** The processes seen in each lab's namespaces ({@link #processesIn}): they must be gone when it is. */
    private static final Map<String, List<ProcessHandle>> WATCHED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The pids in {@code lab}'s namespaces now, as {@code ip netns pids} lists them; each is
     * remembered, and {@link #assertNothingLeft} requires it gone.
     */
    static List<Long> processesIn(String lab) {
        List<Long> pids = new java.util.ArrayList<>();
        for (String ns : namespacesOf(lab)) {
            Ip.run("netns", "pids", ns).lines().filter(l -> !l.isBlank()).map(Long::parseLong).forEach(pids::add);
        }
        for (long pid : pids) ProcessHandle.of(pid).ifPresent(h -> WATCHED.computeIfAbsent(lab, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(h));
        return pids.stream().sorted().toList();
    }

    static void assertNothingLeft(String lab, Map<String, String> rootBefore) {
        assertNothingLeft(lab, rootBefore, "lab " + lab);
    }

    /**
     * Nothing of {@code lab} remains: no namespace, no state file, no process seen in its
     * namespaces ({@link #processesIn}), no child of this JVM in a network namespace other than
     * its own, every root link as before, and no root link that looks like a lab's (other test runs
     * on the machine may add their own). {@code what} begins each failure's message.
     */
    static void assertNothingLeft(String lab, Map<String, String> rootBefore, String what) {
        assertEquals(List.of(), namespacesOf(lab), what + ": namespaces of lab " + lab + " left");
        assertFalse(Files.exists(LabState.file(lab)), what + ": state file of lab " + lab + " left");
        for (ProcessHandle h : WATCHED.getOrDefault(lab, List.of())) {
            assertTrue(dev.nsh.testing.Wait.until(10_000, () -> gone(h)), what + ": process " + h.pid() + " of lab " + lab + " still runs");
        }
        WATCHED.remove(lab);
        assertTrue(dev.nsh.testing.Wait.until(10_000, () -> childrenInOtherNamespaces().isEmpty()),
                () -> what + ": processes of this JVM left in other network namespaces: " + childrenInOtherNamespaces());
        Map<String, String> after = rootLinks();
        for (Map.Entry<String, String> e : rootBefore.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), what + ": root link " + e.getKey() + " changed");
        }
        for (String name : after.keySet()) {
            if (rootBefore.containsKey(name)) continue;
            assertFalse(name.matches("[hsr]\\d+(-eth\\d+)?"), what + ": root has a lab-like link " + name);
        }
    }

    /** Ended, or a zombie its parent has yet to reap. */
    static boolean gone(ProcessHandle h) {
        if (!h.isAlive()) return true;
        try {
            String stat = Files.readString(java.nio.file.Path.of("/proc/" + h.pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    /** Descendants of this JVM (not zombies) whose network namespace is not the JVM's own. */
    static List<String> childrenInOtherNamespaces() {
        String mine = dev.nsh.testing.Proc.rootNet();
        return ProcessHandle.current().descendants().filter(h -> !gone(h)).filter(h -> {
            String net = dev.nsh.testing.Proc.readlink(java.nio.file.Path.of("/proc/" + h.pid() + "/ns/net"));
            return net != null && !net.equals(mine);
        }).map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
    }

    /** The labs one test makes, named for this run; {@link #cleanUp} removes and judges each (after a failure too). */
    static final class Made {
        private final List<String> names = new java.util.ArrayList<>();
        final Map<String, String> rootBefore = rootLinks();

        String name() {
            String n = dev.nsh.testing.TestNames.ns("lab");
            names.add(n);
            return n;
        }

        void cleanUp() {
            for (String lab : names) assertLeftNothingOrDelete(lab);
        }
    }

    static void assertLeftNothingOrDelete(String lab) {
        List<String> left = namespacesOf(lab);
        for (String n : left) Ip.run("netns", "del", n);
        try {
            Files.deleteIfExists(LabState.file(lab));
        } catch (java.io.IOException ignored) {
            // reported by the assertion in the test
        }
        assertTrue(left.isEmpty(), "left " + left);
    }
}

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

    /**
     * Nothing of {@code lab} remains: no namespace, no state file, every root link as before, and
     * no root link that looks like a lab's (other test runs on the machine may add their own).
     */
    static void assertNothingLeft(String lab, Map<String, String> rootBefore) {
        assertEquals(List.of(), namespacesOf(lab), "namespaces of lab " + lab + " left");
        assertFalse(Files.exists(LabState.file(lab)), "state file of lab " + lab + " left");
        Map<String, String> after = rootLinks();
        for (Map.Entry<String, String> e : rootBefore.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), "root link " + e.getKey() + " changed");
        }
        for (String name : after.keySet()) {
            if (rootBefore.containsKey(name)) continue;
            assertFalse(name.matches("[hsr]\\d+(-eth\\d+)?"), "root has a lab-like link " + name);
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

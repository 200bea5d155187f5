package dev.nsh.ns;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Proc;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parallel creates take iproute2's lock on /run/netns, so its shared mount is made once, not
 * stacked. Once /run/netns is a mount (as on this machine after any ip netns add) no create makes
 * one, so the test runs where it can fail: a child JVM in a private mount namespace (unshare -m)
 * with /run/netns unmounted, where the first of 20 parallel creates must make the mount and the
 * other 19 must not.
 */
@NeedsRoot
class NamespaceMountsTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close(); // a child killed half-way leaves its files: they go here
    }

    @Test
    void twentyParallelCreatesLeaveOneMountOnRunNetns() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) names.add(scratch.track(TestNames.ns("par" + i)));
        long mountsHere = Proc.mountsOn("/run/netns");
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "while mountpoint -q /run/netns; do umount --recursive /run/netns || exit 3; done; exec \"$@\"", "sh",
                ProcessHandle.current().info().command().orElse("java"), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), NamespaceMountsChild.class.getName()));
        cmd.addAll(names);
        File out = File.createTempFile("nsh-mounts", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the child ended");
            String said = Files.readString(out.toPath());
            assertEquals(0, p.exitValue(), said);
            assertEquals("before 0\nafter 1\nlisted 20\nleft 0\n", said, "no mount on /run/netns at first, then exactly one");
        } finally {
            out.delete();
        }
        assertEquals(mountsHere, Proc.mountsOn("/run/netns"), "the child's mounts stayed in its mount namespace");
        List<String> listed = Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name")).toList();
        assertTrue(names.stream().noneMatch(listed::contains), "the child removed its namespaces: " + listed);
    }
}

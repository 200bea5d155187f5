package dev.nsh.ns;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad namespace names and missing namespaces: one clear line each, and nothing changed
 * ({@code ip netns list}, the files under /run/netns and the mounts on it are as before).
 */
@NeedsRoot
class NamespaceBadInputTest {
    private final Scratch scratch = new Scratch();
    private String before;

    @BeforeEach
    void snapshot() {
        before = state();
    }

    @AfterEach
    void cleanUp() {
        try {
            assertEquals(before, state(), "namespaces changed");
        } finally {
            scratch.close();
        }
    }

    /** What a bad call must not change: ip's list, the directory's files, the mounts beneath it. */
    static String state() {
        List<String> ip = Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name"))
                .filter(n -> n.startsWith(TestNames.nsPrefix())).sorted().toList();
        List<String> files;
        try (Stream<Path> s = Files.list(Path.of("/run/netns"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(TestNames.nsPrefix())).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        long runMounts = dev.nsh.testing.Proc.mountsOn("/run/netns") + dev.nsh.testing.Proc.mountsOn("/run");
        return ip + " " + files + " mounts=" + runMounts;
    }

    static void rejects(String message, Executable call) {
        assertEquals(message, assertThrows(InvalidInputException.class, call).getMessage());
    }

    @Test
    void emptyName() {
        String msg = "namespace name is empty; it must be 1 to 255 bytes";
        rejects(msg, () -> Namespaces.create(""));
        rejects(msg, () -> Namespaces.open(""));
        rejects(msg, () -> Namespaces.delete(""));
        rejects(msg, () -> Namespaces.getOrCreate(""));
    }

    @Test
    void nameOver255Bytes() {
        String name = TestNames.nsPrefix() + "x".repeat(256);
        String msg = "namespace name \"" + name.substring(0, 37) + "...\" is " + name.length() + " bytes; the limit is 255";
        rejects(msg, () -> Namespaces.create(name));
        rejects(msg, () -> Namespaces.exists(name));
    }

    @Test
    void nameWithSlash() {
        // A slash would escape /run/netns: "../x" would be /run/x.
        rejects("namespace name \"../nsht-escape\" contains \"/\"; it must be a plain file name",
                () -> Namespaces.create("../nsht-escape"));
        rejects("namespace name \"a/b\" contains \"/\"; it must be a plain file name", () -> Namespaces.create("a/b"));
        rejects("namespace name \"a/b\" contains \"/\"; it must be a plain file name", () -> Namespaces.delete("a/b"));
    }

    @Test
    void dotAndDotDot() {
        for (String name : List.of(".", "..")) {
            String msg = "namespace name \"" + name + "\" is not allowed; \".\" and \"..\" are reserved";
            rejects(msg, () -> Namespaces.create(name));
            // Deleting ".." must never unmount /var/run.
            rejects(msg, () -> Namespaces.delete(name));
            rejects(msg, () -> Namespaces.open(name));
        }
    }

    @Test
    void openOfAMissingNamespace() {
        String name = scratch.track(TestNames.ns("nothere"));
        NshException e = assertThrows(NshException.class, () -> Namespaces.open(name));
        assertEquals("namespace " + name + " does not exist (no /var/run/netns/" + name + ")", e.getMessage());
    }

    @Test
    void openOfAMissingPathOrProcess() {
        String file = "/run/netns/" + TestNames.ns("nofile");
        NshException e = assertThrows(NshException.class, () -> Namespaces.openPath(file));
        assertEquals("namespace file " + file + " does not exist", e.getMessage());
        assertEquals("process 999999999 does not exist", assertThrows(NshException.class, () -> Namespaces.openPid(999_999_999)).getMessage());
        rejects("pid 0 is not a process id; it must be positive", () -> Namespaces.openPid(0));
        rejects("pid -5 is not a process id; it must be positive", () -> Namespaces.openPid(-5));
    }
}

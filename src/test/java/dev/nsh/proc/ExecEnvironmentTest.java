package dev.nsh.proc;

import dev.nsh.ns.NamespaceThread;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Proc;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** What a child sees, as {@code ip netns exec} gives it, and what the host keeps. */
@NeedsRoot
class ExecEnvironmentTest {
    private static List<String> mountsBefore;
    private final Scratch scratch = new Scratch();

    @BeforeAll
    static void recordMounts() {
        mountsBefore = Procs.hostMounts();
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @AfterAll
    static void hostMountsUnchanged() {
        assertEquals(mountsBefore, Procs.hostMounts());
    }

    private static RunOptions quiet() {
        return RunOptions.of().quiet(true).check(true);
    }

    @Test
    void sysClassNetListsTheNamespacesLinks() {
        Netns ns = scratch.ns("sys");
        String dev = TestNames.iface("d");
        LinkOps.createVeth(ns, dev, ns, TestNames.iface("p"));
        List<String> seen = Arrays.stream(Programs.run(ns, quiet(), "ls", "-1", "/sys/class/net").stdout().split("\n"))
                .filter(s -> !s.isEmpty()).sorted().toList();
        List<String> ip = Ip.linkNames(ns.name()).stream().sorted().toList();
        assertEquals(ip, seen);
        assertTrue(seen.contains(dev), seen.toString());
        // A link added later shows up too: the sysfs belongs to the namespace, not to a moment.
        String later = TestNames.iface("l");
        LinkOps.createVeth(ns, later, ns, TestNames.iface("q"));
        assertTrue(Programs.run(ns, quiet(), "ls", "/sys/class/net").stdout().contains(later));
    }

    @Test
    void inTheRootNamespaceTheHostsLinks() {
        Netns root = Namespaces.root();
        List<String> seen = Arrays.stream(Programs.run(root, quiet(), "ls", "-1", "/sys/class/net").stdout().split("\n"))
                .filter(s -> !s.isEmpty()).sorted().toList();
        assertEquals(Ip.linkNames(null).stream().sorted().toList(), seen);
    }

    @Test
    void etcNetnsFilesAreBoundOverEtc() throws IOException {
        Netns ns = scratch.ns("etc");
        Path dir = Path.of("/etc/netns", ns.name());
        try {
            Programs.run(ns, quiet(), "true"); // an exec thread set up before the file exists
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("hosts"), "10.9.8.7 nsh-test-host\n");
            assertEquals("10.9.8.7 nsh-test-host\n", Programs.run(ns, quiet(), "cat", "/etc/hosts").stdout());
            assertNotEquals("10.9.8.7 nsh-test-host\n", Files.readString(Path.of("/etc/hosts")), "the host's /etc/hosts is its own");
            // Replaced (a new inode, as editors do): the child sees the new one.
            Path tmp = dir.resolve("hosts.new");
            Files.writeString(tmp, "10.9.8.6 other\n");
            Files.move(tmp, dir.resolve("hosts"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertEquals("10.9.8.6 other\n", Programs.run(ns, quiet(), "cat", "/etc/hosts").stdout());
        } finally {
            Files.deleteIfExists(dir.resolve("hosts"));
            Files.deleteIfExists(dir.resolve("hosts.new"));
            Files.deleteIfExists(dir);
        }
        // Without the directory, the host's file again.
        assertEquals(Files.readString(Path.of("/etc/hosts")), Programs.run(ns, quiet(), "cat", "/etc/hosts").stdout());
    }

    @Test
    void theChildIsInTheNamespaceNetworkAndMountsOfItsOwn() throws IOException {
        Netns ns = scratch.ns("where");
        String net = Programs.run(ns, quiet(), "readlink", "/proc/self/ns/net").stdout().strip();
        assertEquals(Proc.netOf(Path.of(ns.path())), net);
        String mnt = Programs.run(ns, quiet(), "readlink", "/proc/self/ns/mnt").stdout().strip();
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString(), mnt);
    }

    @Test
    void namespaceThreadKeepsTheHostsMounts() throws IOException {
        Netns ns = scratch.ns("nsthread");
        Programs.run(ns, quiet(), "true");
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
        assertEquals(host, Procs.threadMnts().get(ns.thread().tid()));
    }

    @Test
    void theExecThreadEndsWithTheHandle() {
        Netns ns = scratch.ns("close");
        Programs.run(ns, quiet(), "true");
        String thread = "nsh-ns-" + ns.name() + "-exec";
        assertTrue(threadNames().contains(thread));
        Namespaces.delete(ns.name());
        assertFalse(threadNames().contains(thread));
    }

    @Test
    void afterRunsOnlyNamespaceThreadsAreOutsideTheRootNamespaces() throws IOException {
        Netns a = scratch.ns("thr-a"), b = scratch.ns("thr-b");
        for (int i = 0; i < 5; i++) {
            Programs.run(a, quiet(), "true");
            Programs.sh(b, quiet(), "sleep 0.05 & sleep 0.05; wait");
        }
        Background bg = Programs.spawn(a, RunOptions.of().quiet(true), "sleep", "30");
        Background bg2 = Programs.spawn(b, RunOptions.of().quiet(true), "sleep", "30");
        try {
            Set<Integer> nsTids = NamespaceThread.allTids();
            String rootNet = Proc.rootNet();
            String rootMnt = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
            Map<Integer, String> mnts = Procs.threadMnts();
            Proc.threadNets().forEach((tid, net) -> {
                if (nsTids.contains(tid)) return;
                assertEquals(rootNet, net, "thread " + tid + " is in another network namespace");
                String mnt = mnts.get(tid);
                if (mnt != null) assertEquals(rootMnt, mnt, "thread " + tid + " is in another mount namespace");
            });
        } finally {
            bg.stop();
            bg2.stop();
        }
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(java.util.stream.Collectors.toSet());
    }
}

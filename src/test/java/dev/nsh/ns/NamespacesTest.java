package dev.nsh.ns;

import dev.nsh.error.NshException;
import dev.nsh.ops.LinkOps;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Proc;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named namespaces as {@code ip netns} knows them: create, list, open, delete; iproute2 judges. */
@NeedsRoot
class NamespacesTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    static List<String> ipNetnsList() {
        return Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name")).toList();
    }

    /** Guard before writing through a handle opened by name, path or pid: never into the root namespace. */
    static void notRoot(Netns ns) {
        String where = Proc.threadNets().get(ns.thread().tid());
        assertNotEquals(Proc.rootNet(), where, ns.name() + " is the root namespace");
    }

    @Test
    void createListExistsDelete() {
        Netns ns = scratch.ns("life");
        String name = ns.name();
        assertTrue(ipNetnsList().contains(name), "ip netns list sees " + name);
        assertTrue(Namespaces.list().contains(name));
        assertTrue(Namespaces.exists(name));
        assertEquals(List.of("lo"), Ip.linkNames(name));

        Namespaces.delete(name);
        assertFalse(ipNetnsList().contains(name), "ip netns list no longer sees " + name);
        assertFalse(Namespaces.list().contains(name));
        assertFalse(Namespaces.exists(name));
        assertFalse(ns.isOpen());
    }

    @Test
    void createWithTheInterruptSetFinishesAndKeepsTheInterrupt() {
        String name = scratch.track(TestNames.ns("intr"));
        Thread.currentThread().interrupt();
        Netns ns;
        try {
            ns = Namespaces.create(name);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is still set (and now cleared)");
        }
        // Made completely: ip sees it, and it works.
        assertTrue(ipNetnsList().contains(name));
        assertEquals(List.of("lo"), Ip.linkNames(name));
        assertTrue(ns.isOpen());
    }

    @Test
    void createFailsIfTheNameIsTaken() {
        Netns ns = scratch.ns("taken");
        NshException e = assertThrows(NshException.class, () -> Namespaces.create(ns.name()));
        assertEquals("create namespace " + ns.name() + ": it already exists (/var/run/netns/" + ns.name() + ")", e.getMessage());
        assertTrue(ns.isOpen(), "the first handle still works");
        LinkOps.createBridge(ns, "br0");
        assertNotNull(Ip.link(ns.name(), "br0"));
    }

    @Test
    void seesANamespaceMadeByIpNetnsAdd() {
        String name = scratch.ipNs("byip");
        assertTrue(Namespaces.list().contains(name));
        assertTrue(Namespaces.exists(name));
        Netns ns = Namespaces.open(name);
        notRoot(ns);
        String br = TestNames.iface("bi");
        LinkOps.createBridge(ns, br);
        assertNotNull(Ip.link(name, br), "a link made through the opened handle lands in " + name);
    }

    @Test
    void newNamespaceIsNotTheRoot() {
        Netns ns = scratch.ns("inode");
        String file = Proc.netOf(Path.of("/run/netns", ns.name()));
        assertNotEquals(Proc.rootNet(), file, "the file must not be a bind mount of the root namespace");
        // What a process started inside by iproute2 sees is the same namespace as the file.
        String inside = Ip.run("netns", "exec", ns.name(), "readlink", "/proc/self/ns/net").strip();
        assertEquals(file, inside);
    }

    @Test
    void getOrCreateReturnsTheOpenHandle() {
        Netns ns = scratch.ns("goc");
        assertSame(ns, Namespaces.getOrCreate(ns.name()));
        assertSame(ns, Namespaces.open(ns.name()));
    }

    @Test
    void openByPath() {
        Netns ns = scratch.ns("bypath");
        String br = TestNames.iface("bp");
        try (Netns byPath = Namespaces.openPath("/run/netns/" + ns.name())) {
            notRoot(byPath);
            LinkOps.createBridge(byPath, br);
        }
        assertNotNull(Ip.link(ns.name(), br));
    }

    @Test
    void openByPid() throws Exception {
        Netns ns = scratch.ns("bypid");
        String target = Proc.netOf(Path.of("/run/netns", ns.name()));
        Process p = new ProcessBuilder("ip", "netns", "exec", ns.name(), "sleep", "60").start();
        try {
            assertTrue(Wait.until(5000, () -> target.equals(Proc.readlink(Path.of("/proc/" + p.pid() + "/ns/net")))),
                    "child entered " + ns.name());
            String br = TestNames.iface("bq");
            try (Netns byPid = Namespaces.openPid(p.pid())) {
                notRoot(byPid);
                LinkOps.createBridge(byPid, br);
            }
            assertNotNull(Ip.link(ns.name(), br));
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deleteFreesTheNamespace() {
        Netns a = scratch.ns("free-a");
        Netns b = scratch.ns("free-b");
        LinkOps.createVeth(a, "va", b, "vb");
        assertNotNull(Ip.link(b.name(), "vb"));
        String inode = Proc.netOf(Path.of("/run/netns", a.name()));

        Namespaces.delete(a.name());
        // The kernel frees a namespace, and with it the veth pair, once nothing holds it.
        assertTrue(Wait.until(10_000, () -> Ip.link(b.name(), "vb") == null), "vb went with " + a.name());
        assertFalse(Proc.fdTargets().contains(inode), "nsh closed its fd on the deleted namespace");
        assertTrue(Wait.until(2000, () -> !Proc.threadNets().containsValue(inode)), "no thread of nsh is left in the deleted namespace");
        NshException e = assertThrows(NshException.class, () -> LinkOps.list(a));
        assertEquals("namespace " + a.name() + " was deleted or closed", e.getMessage());
    }

    @Test
    void deleteOfAMissingNamespaceSaysSo() {
        String name = scratch.track(TestNames.ns("missing"));
        NshException e = assertThrows(NshException.class, () -> Namespaces.delete(name));
        assertEquals("delete namespace " + name + ": it does not exist (no /var/run/netns/" + name + ")", e.getMessage());
    }

    @Test
    void deletedBehindNshsBackAndRecreatedIsReopened() {
        Netns ns = scratch.ns("recreate");
        String name = ns.name();
        Ip.run("netns", "del", name);
        Ip.run("netns", "add", name);
        Netns again = Namespaces.open(name);
        assertFalse(ns.isOpen(), "the stale handle was dropped");
        String br = TestNames.iface("bn");
        notRoot(again);
        LinkOps.createBridge(again, br);
        assertNotNull(Ip.link(name, br));
    }

    @Test
    void closeAllReleasesHandlesButKeepsNamespaces() {
        Netns ns = scratch.ns("closeall");
        LinkOps.createVeth(ns, "k0", null, "k1");
        int tid = ns.thread().tid();
        String inode = Proc.netOf(Path.of("/run/netns", ns.name()));
        Namespaces.closeAll();
        assertFalse(ns.isOpen());
        assertFalse(NamespaceThread.allTids().contains(tid), "the namespace thread ended");
        // Thread.join returns a moment before the OS thread is gone from /proc/self/task.
        assertTrue(Wait.until(2000, () -> !Proc.threadNets().containsValue(inode)), "no thread left in " + ns.name());
        assertFalse(Proc.fdTargets().contains(inode), "no fd left on " + ns.name());
        assertTrue(ipNetnsList().contains(ns.name()), "the namespace itself stays");
        assertNotNull(Ip.link(ns.name(), "k0"));
        Netns again = Namespaces.open(ns.name());
        notRoot(again);
        assertEquals(List.of("lo", "k1", "k0"), LinkOps.list(again).stream().map(l -> l.name()).toList());
    }

    @Test
    void rootIsTheJvmsNamespace() {
        Netns root = Namespaces.root();
        assertTrue(root.isRoot());
        String rootNet = Proc.rootNet();
        assertEquals(rootNet, Proc.threadNets().get(root.thread().tid()));
        Map<String, Object> lo = Ip.link(null, "lo");
        assertEquals(((Number) lo.get("ifindex")).intValue(), LinkOps.index(root, "lo"));
    }
}

package dev.nsh;

import dev.nsh.error.NamespaceGoneException;
import dev.nsh.ns.NamespaceIdentity;
import dev.nsh.ns.Namespaces;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What others do to nsh's namespaces meanwhile: {@code ip netns del} of one nsh holds, {@code ip
 * netns add} of the same name at the same moment, a namespace named "root". Judged by ip.
 */
@NeedsRoot
@Timeout(120)
class OutsideChangesTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void aNamespaceDeletedOutsideNshIsNotActedOnAndItsOldHandleIsClosed() {
        String x = scratch.track(TestNames.ns("gone")), y = scratch.track(TestNames.ns("peer"));
        Namespace a = Nsh.ns(x), b = Nsh.ns(y);
        a.veth("vx").peer(b, "vy").up();
        Ip.run("netns", "del", x);
        assertNotNull(Ip.link(y, "vy"), "vy stays while nsh's handle keeps the deleted namespace alive");
        NamespaceGoneException e = assertThrows(NamespaceGoneException.class, () -> a.links());
        assertEquals("namespace " + x + " was deleted outside nsh", e.getMessage());
        // Found stale, the handle was let go at once: the old namespace is freed, and vy goes with it.
        assertTrue(Wait.until(30_000, () -> Ip.link(y, "vy") == null), "vy went with the old namespace once nsh let it go");
        assertThrows(NamespaceGoneException.class, () -> a.link("vx").up(), "nor is it configured");
        assertThrows(NamespaceGoneException.class, () -> a.delete(), "nor deleted: its name is not its own any more");

        Namespace again = Nsh.ns(x); // a new namespace of that name
        assertEquals(List.of("lo"), Ip.linkNames(x));
        assertEquals(NamespaceIdentity.ofName(x), again.netns().identity());
        assertThrows(NamespaceGoneException.class, () -> a.links(), "the object held still stands for the old one");
        assertThrows(NamespaceGoneException.class, () -> a.delete(), "and does not delete the new one");
        assertTrue(again.exists());
        assertEquals(List.of("lo"), again.links().names());
    }

    @Test
    void aNamespaceDeletedAndMadeAgainOutsideNshIsToldApart() {
        String x = scratch.track(TestNames.ns("remade"));
        Namespace a = Nsh.ns(x);
        Ip.run("netns", "del", x);
        Ip.run("netns", "add", x);
        assertThrows(NamespaceGoneException.class, () -> a.link("lo").up(), "the held object does not act on the new namespace");
        assertEquals("DOWN", Ip.link(x, "lo").get("operstate"), "lo of the new namespace untouched");
        assertEquals(NamespaceIdentity.ofName(x), Nsh.ns(x).netns().identity(), "ns() opens the new one");
    }

    @Test
    void nshAndIpNetnsAddMakingOneNameAtOnceBothHaveTheOneNamespace() throws Exception {
        for (int i = 0; i < 20; i++) {
            String name = scratch.track(TestNames.ns("race" + i));
            Process ip = new ProcessBuilder("ip", "netns", "add", name).redirectErrorStream(true).start();
            if (i % 2 == 1) Thread.sleep(1); // now one, now the other is first
            Namespace n = Nsh.ns(name);
            ip.waitFor();
            assertEquals(NamespaceIdentity.ofName(name), n.netns().identity(), "round " + i + ": nsh holds the namespace the name stands for");
            assertEquals(List.of("lo"), Ip.linkNames(name), "round " + i);
            n.link("lo").up();
            assertEquals("UNKNOWN", Ip.link(name, "lo").get("operstate"), "round " + i + ": nsh acts on that one");
        }
    }

    @Test
    void aNamespaceNamedRootIsNotTheHost() {
        Path file = Path.of(Namespaces.RUN_DIR, "root");
        boolean ours = !Files.exists(file);
        if (ours) {
            // Scripts once meant the host by ns("root"): it is not made unasked.
            var e = assertThrows(dev.nsh.error.InvalidInputException.class, () -> Nsh.ns("root"));
            assertEquals("ns(\"root\"): there is no namespace named root; the host's namespace is root() (ns(\"root\", create: true)"
                    + " makes one named root)", e.getMessage());
            assertFalse(Files.exists(file));
        }
        try {
            Namespace named = Nsh.ns(java.util.Map.of("create", true), "root");
            assertFalse(named.isRoot());
            assertNotEquals(Nsh.root(), named);
            assertEquals(NamespaceIdentity.of(file), named.netns().identity(), "ns(\"root\") is the namespace under /run/netns");
            assertNotEquals(Namespaces.root().identity(), named.netns().identity(), "not the host's");
            if (!ours) return; // someone else's namespace called root: looked at, not changed
            String other = scratch.track(TestNames.ns("toroot"));
            String v1 = TestNames.iface("r1"), v2 = TestNames.iface("r2");
            Nsh.ns(other).veth(v1).peer(named, v2);
            assertNotNull(Ip.link("root", v2), v2 + " is in the namespace named root");
            assertNull(Ip.link(null, v2), v2 + " is not in the host");
            Link peer = Nsh.ns(other).link(v1).peer();
            assertEquals(v2, peer.name());
            assertFalse(peer.namespace().isRoot(), "peer() of a link into the namespace named root is not the host's");
            peer.down();
            assertEquals("DOWN", Ip.link("root", v2).get("operstate"));
        } finally {
            if (ours && Files.exists(file)) Ip.run("netns", "del", "root");
        }
    }
}

package dev.nsh.ops;

import dev.nsh.model.LinkInfo;
import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ip link} through nsh, every change checked with {@code ip -j -n NS link}. */
@NeedsRoot
class LinkOpsTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @SuppressWarnings("unchecked")
    static List<String> flags(Map<String, Object> link) {
        return (List<String>) link.get("flags");
    }

    @Test
    void vethWithEndsInTwoNamespaces() {
        Netns a = scratch.ns("veth-a");
        Netns b = scratch.ns("veth-b");
        LinkOps.createVeth(a, "va", b, "vb");

        Map<String, Object> va = Ip.link(a.name(), "va");
        Map<String, Object> vb = Ip.link(b.name(), "vb");
        assertNotNull(va, "va in " + a.name());
        assertNotNull(vb, "vb in " + b.name());
        assertNull(Ip.link(a.name(), "vb"), "no vb in " + a.name());
        assertNull(Ip.link(b.name(), "va"), "no va in " + b.name());
        // Each end points at the other's index, in the other namespace.
        assertEquals(vb.get("ifindex"), va.get("link_index"));
        assertEquals(va.get("ifindex"), vb.get("link_index"));
        assertEquals("veth", ((Map<?, ?>) Ip.linkDetails(a.name(), "va").get("linkinfo")).get("info_kind"));

        LinkInfo l = LinkOps.get(a, "va");
        assertEquals("veth", l.kind());
        assertEquals(((Number) vb.get("ifindex")).intValue(), l.peerIndex());
        assertEquals(((Number) va.get("link_netnsid")).intValue(), l.peerNetnsId());
        assertEquals(b.name(), l.peerNamespace(), "peer namespace reported");
        assertEquals(((Number) va.get("ifindex")).intValue(), LinkOps.index(a, "va"));
    }

    @Test
    void vethInOneNamespace() {
        Netns a = scratch.ns("veth-one");
        LinkOps.createVeth(a, "v0", null, "v1");
        // ip names a same-namespace peer ("link") and flags the down peer (M-DOWN).
        Map<String, Object> v0 = Ip.link(a.name(), "v0");
        assertEquals("v1", v0.get("link"));
        assertTrue(flags(v0).contains("M-DOWN"));
        LinkInfo l = LinkOps.get(a, "v0");
        assertEquals(flags(v0), l.flagNames());
        assertEquals("v1", l.peerName());
        assertEquals(-1, l.peerNetnsId());
        assertEquals("v0@v1", l.displayName());
    }

    @Test
    void listMatchesIp() {
        Netns a = scratch.ns("list");
        LinkOps.createVeth(a, "v0", null, "v1");
        LinkOps.createBridge(a, "br0");
        List<String> nsh = LinkOps.list(a).stream().map(l -> l.index() + ":" + l.name() + ":" + l.mtu()).toList();
        List<String> ip = Ip.json(a.name(), "link", "show").stream()
                .map(m -> m.get("ifindex") + ":" + m.get("ifname") + ":" + m.get("mtu")).toList();
        assertEquals(ip, nsh);
    }

    @Test
    void moveToAnotherNamespace() {
        Netns a = scratch.ns("move-a");
        Netns c = scratch.ns("move-c");
        LinkOps.createVeth(a, "m0", null, "m1");
        LinkOps.moveTo(a, "m0", c);
        assertNull(Ip.link(a.name(), "m0"), "m0 left " + a.name());
        assertNotNull(Ip.link(c.name(), "m0"), "m0 arrived in " + c.name());
        assertNotNull(Ip.link(a.name(), "m1"), "m1 stayed");
        assertEquals(c.name(), LinkOps.get(a, "m1").peerNamespace());
    }

    @Test
    void upAndDown() {
        Netns a = scratch.ns("updown");
        LinkOps.createVeth(a, "u0", null, "u1");
        LinkOps.setUp(a, "u0", true);
        assertTrue(flags(Ip.link(a.name(), "u0")).contains("UP"));
        assertFalse(flags(Ip.link(a.name(), "u1")).contains("UP"), "only u0 went up");
        assertTrue(LinkOps.get(a, "u0").isUp());
        LinkOps.setUp(a, "u0", false);
        assertFalse(flags(Ip.link(a.name(), "u0")).contains("UP"));
        assertFalse(LinkOps.get(a, "u0").isUp());
    }

    @Test
    void mtu() {
        Netns a = scratch.ns("mtu");
        LinkOps.createVeth(a, "t0", null, "t1");
        LinkOps.setMtu(a, "t0", 1400);
        assertEquals(1400, ((Number) Ip.link(a.name(), "t0").get("mtu")).intValue());
        assertEquals(1500, ((Number) Ip.link(a.name(), "t1").get("mtu")).intValue());
        assertEquals(1400, LinkOps.get(a, "t0").mtu());
    }

    @Test
    void mac() {
        Netns a = scratch.ns("mac");
        LinkOps.createVeth(a, "c0", null, "c1");
        LinkOps.setMac(a, "c0", "02:11:22:33:44:55");
        assertEquals("02:11:22:33:44:55", Ip.link(a.name(), "c0").get("address"));
        LinkOps.setMac(a, "c0", "0A:BB:CC:DD:EE:FF");
        assertEquals("0a:bb:cc:dd:ee:ff", Ip.link(a.name(), "c0").get("address"));
        assertEquals("0a:bb:cc:dd:ee:ff", LinkOps.get(a, "c0").mac());
    }

    @Test
    void rename() {
        Netns a = scratch.ns("rename");
        LinkOps.createVeth(a, "old0", null, "old1");
        Object index = Ip.link(a.name(), "old0").get("ifindex");
        LinkOps.rename(a, "old0", "new0");
        assertNull(Ip.link(a.name(), "old0"));
        assertEquals(index, Ip.link(a.name(), "new0").get("ifindex"), "same link, new name");
        assertNull(LinkOps.find(a, "old0"));
    }

    @Test
    void deleteTakesThePeerAlong() {
        Netns a = scratch.ns("del-a");
        Netns b = scratch.ns("del-b");
        LinkOps.createVeth(a, "d0", b, "d1");
        LinkOps.delete(a, "d0");
        assertNull(Ip.link(a.name(), "d0"));
        assertNull(Ip.link(b.name(), "d1"), "the peer goes with it");
        assertNull(LinkOps.find(a, "d0"));
    }

    @Test
    void bridgeAndPorts() {
        Netns a = scratch.ns("bridge");
        LinkOps.createBridge(a, "br0");
        assertEquals("bridge", ((Map<?, ?>) Ip.linkDetails(a.name(), "br0").get("linkinfo")).get("info_kind"));
        assertEquals("bridge", LinkOps.get(a, "br0").kind());

        LinkOps.createVeth(a, "p0", null, "p1");
        LinkOps.setMaster(a, "p0", "br0");
        assertEquals("br0", Ip.link(a.name(), "p0").get("master"));
        assertNull(Ip.link(a.name(), "p1").get("master"));
        assertEquals("br0", LinkOps.get(a, "p0").master());

        LinkOps.setMaster(a, "p0", null);
        assertNull(Ip.link(a.name(), "p0").get("master"), "port released");
        assertNull(LinkOps.get(a, "p0").master());

        LinkOps.delete(a, "br0");
        assertNull(Ip.link(a.name(), "br0"));
    }
}

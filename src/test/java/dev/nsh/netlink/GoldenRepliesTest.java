package dev.nsh.netlink;

import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;
import dev.nsh.model.LinkInfo;
import dev.nsh.model.NeighInfo;
import dev.nsh.model.RouteInfo;
import dev.nsh.netlink.rtnl.IfAddrMsg;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.netlink.rtnl.IflaInfo;
import dev.nsh.netlink.rtnl.Nda;
import dev.nsh.netlink.rtnl.NdMsg;
import dev.nsh.netlink.rtnl.Rta;
import dev.nsh.netlink.rtnl.RtMsg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Decodes kernel replies recorded once by {@link GoldenRecorder} (kernel 6.18, x86_64, so
 * little-endian; see there for how) and compares them to what was set up when they were recorded.
 * The namespace held: veth-g0 (index 3, MAC 02:00:00:00:00:01, MTU 1400, up) paired with veth-g1
 * (index 2), 10.0.0.10/16 and fd00::10/64 on veth-g0, 10.1.0.0/16 via 10.0.0.1 metric 100, bridge
 * br-g0, veth-x0 (index 5) whose peer (index 2 there) is in a second namespace (nsid 0), and a
 * permanent neighbour 10.0.0.99 at 02:00:00:00:00:99 on veth-g0.
 */
class GoldenRepliesTest {

    @BeforeAll
    static void recordedOnLittleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden files hold little-endian bytes");
    }

    static Message load(String name) throws IOException {
        try (InputStream in = GoldenRepliesTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "missing golden file " + name);
            byte[] b = in.readAllBytes();
            List<Message> ms = Message.parseAll(b, b.length);
            assertEquals(1, ms.size(), name + " holds one message");
            return ms.get(0);
        }
    }

    /** toMap() without the attributes nsh has no schema for ("#id"), which are kernel-version noise. */
    static Map<String, Object> known(Attrs a) {
        Map<String, Object> out = new LinkedHashMap<>(a.toMap());
        out.keySet().removeIf(k -> k.startsWith("#"));
        return out;
    }

    @Test
    void vethLink() throws IOException {
        Message m = load("newlink-veth.bin");
        assertEquals(Nl.RTM_NEWLINK, m.type);
        assertEquals(3, m.get(IfInfoMsg.INDEX));
        assertEquals(1, m.get(IfInfoMsg.TYPE)); // ARPHRD_ETHER
        int flags = (int) m.get(IfInfoMsg.FLAGS);
        assertEquals(LinkInfo.IFF_UP | LinkInfo.IFF_BROADCAST | LinkInfo.IFF_RUNNING | LinkInfo.IFF_MULTICAST
                | LinkInfo.IFF_LOWER_UP, flags);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("IFNAME", "veth-g0");
        expected.put("TXQLEN", 1000L);
        expected.put("OPERSTATE", 6);
        expected.put("LINKMODE", 0);
        expected.put("MTU", 1400L);
        expected.put("MIN_MTU", 68L);
        expected.put("MAX_MTU", 65535L);
        expected.put("GROUP", 0L);
        expected.put("PROMISCUITY", 0L);
        expected.put("NUM_TX_QUEUES", 2L);
        expected.put("NUM_RX_QUEUES", 2L);
        expected.put("CARRIER", 1);
        expected.put("CARRIER_CHANGES", 2L);
        expected.put("ADDRESS", "02:00:00:00:00:01");
        expected.put("BROADCAST", "ff:ff:ff:ff:ff:ff");
        expected.put("LINKINFO", Map.of("KIND", "veth"));
        expected.put("LINK", 2L);
        expected.put("QDISC", "noqueue");
        Attrs a = m.attrs(IfInfoMsg.class, Ifla.class);
        assertEquals(expected, known(a));

        // The model's view of the same bytes.
        LinkInfo l = new LinkInfo("golden", 3, a.string(Ifla.IFNAME), a.nested(Ifla.LINKINFO).string(IflaInfo.KIND), flags,
                "UP", (int) a.u32(Ifla.MTU, 0), a.mac(Ifla.ADDRESS), a.mac(Ifla.BROADCAST), 1, a.string(Ifla.QDISC),
                (int) a.u32(Ifla.TXQLEN, -1), 0, null, (int) a.u32(Ifla.LINK, 0), "veth-g1", a.s32(Ifla.LINK_NETNSID, -1),
                null, false);
        assertEquals("3: veth-g0@veth-g1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP mode DEFAULT"
                + " group default qlen 1000\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff", l.toString());
    }

    @Test
    void vethWithItsPeerInAnotherNamespace() throws IOException {
        Message m = load("newlink-veth-peer-netns.bin");
        assertEquals(5, m.get(IfInfoMsg.INDEX));
        assertEquals(LinkInfo.IFF_BROADCAST | LinkInfo.IFF_MULTICAST, m.get(IfInfoMsg.FLAGS));
        Attrs a = m.attrs(IfInfoMsg.class, Ifla.class);
        Map<String, Object> k = known(a);
        assertEquals("veth-x0", k.get("IFNAME"));
        assertEquals(0, k.get("LINK_NETNSID"));
        assertEquals(2L, k.get("LINK"));
        assertEquals(2, k.get("OPERSTATE")); // IF_OPER_DOWN
        assertEquals(Map.of("KIND", "veth"), k.get("LINKINFO"));
        assertEquals(0, a.s32(Ifla.LINK_NETNSID, -1));
    }

    @Test
    void bridgeLinkKeepsItsKindDataOpaque() throws IOException {
        Message m = load("newlink-bridge.bin");
        Attrs a = m.attrs(IfInfoMsg.class, Ifla.class);
        assertEquals("br-g0", a.string(Ifla.IFNAME));
        assertEquals(4, m.get(IfInfoMsg.INDEX));
        Attrs info = a.nested(Ifla.LINKINFO);
        assertEquals("bridge", info.string(IflaInfo.KIND));
        // IFLA_BR_* is not the veth schema: no nested PEER may be made up out of IFLA_BR_HELLO_TIME (1).
        assertNull(info.nested(IflaInfo.DATA));
        Object data = ((Map<?, ?>) a.toMap().get("LINKINFO")).get("DATA");
        assertTrue(data instanceof String s && s.matches("[0-9a-f]+"), "DATA is hex: " + data);
    }

    @Test
    void ipv4Address() throws IOException {
        Message m = load("newaddr-ipv4.bin");
        assertEquals(Nl.RTM_NEWADDR, m.type);
        assertEquals(Nl.NLM_F_MULTI, m.flags); // one part of a dump
        assertEquals(2, m.get(IfAddrMsg.FAMILY));
        assertEquals(16, m.get(IfAddrMsg.PREFIXLEN));
        assertEquals(0, m.get(IfAddrMsg.SCOPE));
        assertEquals(3, m.get(IfAddrMsg.INDEX));
        Attrs a = m.attrs(IfAddrMsg.class, Ifa.class);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("ADDRESS", "10.0.0.10");
        expected.put("LOCAL", "10.0.0.10");
        expected.put("BROADCAST", "10.0.255.255");
        expected.put("LABEL", "veth-g0");
        expected.put("FLAGS", (long) Ifa.F_PERMANENT);
        expected.put("CACHEINFO", a.toMap().get("CACHEINFO")); // timestamps: only present
        assertEquals(expected, a.toMap());

        Cidr c = new Cidr(a.ip(Ifa.LOCAL), (int) m.get(IfAddrMsg.PREFIXLEN));
        assertEquals(Cidr.parse("10.0.0.10/16"), c);
        assertEquals(c.broadcast(), a.ip(Ifa.BROADCAST));
    }

    @Test
    void ipv6Address() throws IOException {
        Message m = load("newaddr-ipv6.bin");
        assertEquals(Nl.RTM_NEWADDR, m.type);
        assertEquals(10, m.get(IfAddrMsg.FAMILY));
        assertEquals(64, m.get(IfAddrMsg.PREFIXLEN));
        assertEquals(3, m.get(IfAddrMsg.INDEX));
        Attrs a = m.attrs(IfAddrMsg.class, Ifa.class);
        // IPv6 sends IFA_ADDRESS only; the link was up without a carrier, so DAD left it tentative (0x40).
        assertEquals("fd00:0:0:0:0:0:0:10", a.toMap().get("ADDRESS"));
        assertEquals((long) (Ifa.F_PERMANENT | 0x40), a.toMap().get("FLAGS"));
        assertEquals(Set.of("ADDRESS", "CACHEINFO", "FLAGS"), a.toMap().keySet());
        assertEquals("fd00::10/64", new Cidr(a.ip(Ifa.ADDRESS), (int) m.get(IfAddrMsg.PREFIXLEN)).toString());
    }

    @Test
    void permanentNeighbour() throws IOException {
        Message m = load("newneigh-permanent.bin");
        assertEquals(Nl.RTM_NEWNEIGH, m.type);
        assertEquals(2, m.get(NdMsg.FAMILY));
        assertEquals(3, m.get(NdMsg.IFINDEX));
        assertEquals(Nda.NUD_PERMANENT, m.get(NdMsg.STATE));
        Attrs a = m.attrs(NdMsg.class, Nda.class);
        assertEquals("10.0.0.99", a.toMap().get("DST"));
        assertEquals("02:00:00:00:00:99", a.toMap().get("LLADDR"));
        NeighInfo n = new NeighInfo("golden", a.ip(Nda.DST), a.mac(Nda.LLADDR), (int) m.get(NdMsg.STATE),
                (int) m.get(NdMsg.IFINDEX), "veth-g0");
        assertEquals("10.0.0.99 dev veth-g0 lladdr 02:00:00:00:00:99 PERMANENT", n.toString());
    }

    @Test
    void ipv4GatewayRoute() throws IOException {
        Message m = load("newroute-ipv4-gateway.bin");
        assertEquals(Nl.RTM_NEWROUTE, m.type);
        assertEquals(2, m.get(RtMsg.FAMILY));
        assertEquals(16, m.get(RtMsg.DST_LEN));
        assertEquals(RtMsg.TABLE_MAIN, m.get(RtMsg.TABLE));
        assertEquals(RtMsg.PROT_BOOT, m.get(RtMsg.PROTOCOL));
        assertEquals(RtMsg.SCOPE_UNIVERSE, m.get(RtMsg.SCOPE));
        assertEquals(RtMsg.RTN_UNICAST, m.get(RtMsg.TYPE));
        Attrs a = m.attrs(RtMsg.class, Rta.class);
        assertEquals(Map.of("TABLE", 254L, "DST", "10.1.0.0", "PRIORITY", 100L, "GATEWAY", "10.0.0.1", "OIF", 3L), a.toMap());

        RouteInfo r = new RouteInfo("golden", 2, a.ip(Rta.DST), 16, a.ip(Rta.GATEWAY), 3, "veth-g0",
                (int) a.u32(Rta.PRIORITY, 0), (int) m.get(RtMsg.PROTOCOL), (int) m.get(RtMsg.SCOPE), (int) m.get(RtMsg.TYPE),
                254, a.ip(Rta.PREFSRC));
        assertEquals("10.1.0.0/16 via 10.0.0.1 dev veth-g0 metric 100", r.toString());
        assertEquals("10.0.0.1", Addresses.text(r.gateway()));
    }

    @Test
    void errorWithExtendedAckForALongName() throws IOException {
        Message m = load("error-extack-ifname-range.bin");
        assertEquals(Nl.NLMSG_ERROR, m.type);
        assertEquals(Nl.NLM_F_CAPPED | Nl.NLM_F_ACK_TLVS, m.flags);
        NetlinkException e = NetlinkSocket.error(m);
        assertNotNull(e);
        assertEquals(34, e.errno());
        assertEquals("Attribute failed policy validation", e.kernelMessage());
        // The blamed attribute is IFLA_IFNAME, right after nlmsghdr (16) and ifinfomsg (16).
        assertEquals(32, e.offset());
        assertEquals("Numerical result out of range (ERANGE): Attribute failed policy validation", e.getMessage());
    }

    @Test
    void errorWithExtendedAckForAnUnknownKind() throws IOException {
        NetlinkException e = NetlinkSocket.error(load("error-extack-unknown-kind.bin"));
        assertNotNull(e);
        assertEquals(95, e.errno());
        assertEquals("Unknown device type", e.kernelMessage());
        assertEquals(-1, e.offset());
        assertEquals("Operation not supported (EOPNOTSUPP): Unknown device type", e.getMessage());
    }
}

package dev.nsh.netlink;

import dev.nsh.netlink.rtnl.IfAddrMsg;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.netlink.rtnl.IflaInfo;
import dev.nsh.netlink.rtnl.Rta;
import dev.nsh.netlink.rtnl.RtMsg;
import dev.nsh.netlink.rtnl.VethInfo;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link Request} encodes, {@link Message} and {@link Attrs} decode back; plus the exact wire layout. */
class RequestMessageRoundTripTest {

    private static Message one(byte[] wire) {
        List<Message> ms = Message.parseAll(wire, wire.length);
        assertEquals(1, ms.size());
        return ms.get(0);
    }

    @Test
    void vethRequestRoundTrips() {
        Request r = Request.of(Nl.RTM_NEWLINK, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL).header(IfInfoMsg.class)
                .set(IfInfoMsg.INDEX, 7).set(IfInfoMsg.FLAGS, 1).set(IfInfoMsg.CHANGE, 1)
                .attr(Ifla.IFNAME, "veth-1").attr(Ifla.MTU, 1400).attr(Ifla.NET_NS_FD, 42)
                .begin(Ifla.LINKINFO).attr(IflaInfo.KIND, "veth")
                .begin(IflaInfo.DATA).begin(VethInfo.PEER).header(IfInfoMsg.class).set(IfInfoMsg.INDEX, 9)
                .attr(Ifla.IFNAME, "veth-2").attr(Ifla.ADDRESS, HexFormat.ofDelimiter(":").parseHex("02:00:00:00:00:01"))
                .end().end().end();
        byte[] wire = r.bytes(1234, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK);
        Message m = one(wire);

        assertEquals(Nl.RTM_NEWLINK, m.type);
        assertEquals(Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, m.flags);
        assertEquals(1234, m.seq);
        assertEquals(0, m.port);
        assertEquals(7, m.get(IfInfoMsg.INDEX));
        assertEquals(1, m.get(IfInfoMsg.FLAGS));
        assertEquals(1, m.get(IfInfoMsg.CHANGE));

        Attrs a = m.attrs(IfInfoMsg.class, Ifla.class);
        assertEquals("veth-1", a.string(Ifla.IFNAME));
        assertEquals(1400, a.u32(Ifla.MTU, -1));
        assertEquals(42, a.u32(Ifla.NET_NS_FD, -1));
        assertFalse(a.has(Ifla.MASTER));
        assertEquals(-1, a.u32(Ifla.MASTER, -1));

        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("IFNAME", "veth-2");
        peer.put("ADDRESS", "02:00:00:00:00:01");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("IFNAME", "veth-1");
        expected.put("MTU", 1400L);
        expected.put("NET_NS_FD", 42L);
        expected.put("LINKINFO", Map.of("KIND", "veth", "DATA", Map.of("PEER", peer)));
        assertEquals(expected, a.toMap());

        // The peer's own ifinfomsg is skipped by the schema (VethInfo.PEER's childHeader).
        Attrs p = a.nested(Ifla.LINKINFO).nested(IflaInfo.DATA).nested(VethInfo.PEER);
        assertEquals("veth-2", p.string(Ifla.IFNAME));
        assertEquals("02:00:00:00:00:01", p.mac(Ifla.ADDRESS));
    }

    @Test
    void wireLayoutIsAlignedAndNativeOrder() {
        byte[] wire = Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class).set(IfInfoMsg.INDEX, 5)
                .attr(Ifla.IFNAME, "abcde").attr(Ifla.MTU, 9000).bytes(3, Nl.NLM_F_REQUEST);
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.nativeOrder());
        // nlmsghdr 16 + ifinfomsg 16 + IFNAME (4 + 6 -> 12 aligned) + MTU (8) = 52
        assertEquals(52, wire.length);
        assertEquals(52, b.getInt(0));
        assertEquals(Nl.RTM_NEWLINK, b.getShort(4));
        assertEquals(Nl.NLM_F_REQUEST, b.getShort(6));
        assertEquals(3, b.getInt(8));
        assertEquals(5, b.getInt(16 + 4));
        assertEquals(10, b.getShort(32));          // nla_len excludes padding
        assertEquals(Ifla.IFNAME.id(), b.getShort(34));
        assertArrayEquals("abcde\0".getBytes(), java.util.Arrays.copyOfRange(wire, 36, 42));
        assertEquals(0, wire[42]);                  // padding
        assertEquals(0, wire[43]);
        assertEquals(8, b.getShort(44));
        assertEquals(Ifla.MTU.id(), b.getShort(46));
        assertEquals(9000, b.getInt(48));
    }

    @Test
    void nestedLengthCoversItsChildren() {
        byte[] wire = Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class)
                .begin(Ifla.LINKINFO).attr(IflaInfo.KIND, "bridge").end().bytes(1, 0);
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.nativeOrder());
        // LINKINFO header 4 + KIND (4 + 7 = 11); the nest ends where its last child ends, unpadded,
        // which the kernel accepts (nla_next aligns before it steps on).
        assertEquals(15, b.getShort(32));
        assertEquals(Ifla.LINKINFO.id(), b.getShort(34));
        assertEquals(11, b.getShort(36));
        assertEquals(47, wire.length);
        assertEquals(47, b.getInt(0));
    }

    @Test
    void addressAndRouteRoundTrip() throws Exception {
        InetAddress v4 = InetAddress.getByName("10.0.0.10"), v6 = InetAddress.getByName("fd00::1");
        byte[] addr = Request.of(Nl.RTM_NEWADDR, 0).header(IfAddrMsg.class).set(IfAddrMsg.FAMILY, 2)
                .set(IfAddrMsg.PREFIXLEN, 16).set(IfAddrMsg.SCOPE, 253).set(IfAddrMsg.INDEX, 3)
                .attr(Ifa.LOCAL, v4).attr(Ifa.BROADCAST, InetAddress.getByName("10.0.255.255")).bytes(1, 0);
        Message a = one(addr);
        assertEquals(2, a.get(IfAddrMsg.FAMILY));
        assertEquals(16, a.get(IfAddrMsg.PREFIXLEN));
        assertEquals(253, a.get(IfAddrMsg.SCOPE));
        assertEquals(3, a.get(IfAddrMsg.INDEX));
        assertEquals(Map.of("LOCAL", "10.0.0.10", "BROADCAST", "10.0.255.255"), a.attrs(IfAddrMsg.class, Ifa.class).toMap());

        byte[] route = Request.of(Nl.RTM_NEWROUTE, 0).header(RtMsg.class).set(RtMsg.FAMILY, 10).set(RtMsg.DST_LEN, 64)
                .set(RtMsg.TABLE, 254).set(RtMsg.FLAGS, 0x200).attr(Rta.DST, v6).attr(Rta.OIF, 4).attr(Rta.PRIORITY, 1024)
                .bytes(1, 0);
        Message r = one(route);
        assertEquals(10, r.get(RtMsg.FAMILY));
        assertEquals(64, r.get(RtMsg.DST_LEN));
        assertEquals(254, r.get(RtMsg.TABLE));
        assertEquals(0x200, r.get(RtMsg.FLAGS));
        Attrs ra = r.attrs(RtMsg.class, Rta.class);
        assertEquals(v6, ra.ip(Rta.DST));
        assertEquals(Map.of("DST", "fd00:0:0:0:0:0:0:1", "OIF", 4L, "PRIORITY", 1024L), ra.toMap());
    }

    @Test
    void ipv4MappedAttributeStaysIPv6() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        Message m = one(Request.of(Nl.RTM_NEWROUTE, 0).header(RtMsg.class).attr(Rta.DST, java.net.Inet6Address.getByAddress(null, mapped, -1))
                .bytes(1, 0));
        InetAddress dst = m.attrs(RtMsg.class, Rta.class).ip(Rta.DST);
        assertTrue(dst instanceof java.net.Inet6Address, "::ffff:10.0.0.1 decoded as " + dst);
        assertArrayEquals(mapped, dst.getAddress());
    }

    @Test
    void parseAllSplitsConcatenatedMessages() {
        byte[] one = Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class).attr(Ifla.IFNAME, "a").bytes(1, 0);
        byte[] two = Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class).attr(Ifla.IFNAME, "bb").bytes(2, 0);
        // The kernel starts each message of a datagram at a 4-byte boundary.
        int second = Nl.align(one.length);
        byte[] buf = new byte[second + two.length + 100];
        System.arraycopy(one, 0, buf, 0, one.length);
        System.arraycopy(two, 0, buf, second, two.length);
        List<Message> ms = Message.parseAll(buf, second + two.length);
        assertEquals(2, ms.size());
        assertEquals("a", ms.get(0).attrs(IfInfoMsg.class, Ifla.class).string(Ifla.IFNAME));
        assertEquals(2, ms.get(1).seq);
        assertEquals("bb", ms.get(1).attrs(IfInfoMsg.class, Ifla.class).string(Ifla.IFNAME));
        // A truncated tail is not a message.
        assertEquals(1, Message.parseAll(buf, one.length + 10).size());
    }

    @Test
    void unknownAttributeShowsAsHexAndWrongSetFails() {
        byte[] wire = Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class).attr(Ifla.IFNAME, "x").bytes(1, 0);
        // Rewrite IFLA_IFNAME (3) to an id no schema declares.
        ByteBuffer.wrap(wire).order(ByteOrder.nativeOrder()).putShort(34, (short) 999);
        Attrs a = one(wire).attrs(IfInfoMsg.class, Ifla.class);
        assertEquals(Map.of("#999", "7800"), a.toMap());
        assertNull(a.string(Ifla.IFNAME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.string(Ifa.LABEL));
        assertEquals("LABEL is not in Ifla", e.getMessage());
    }

    @Test
    void builderMistakesFailLoudly() {
        Request open = Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class).begin(Ifla.LINKINFO);
        assertThrows(IllegalStateException.class, () -> open.bytes(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Request.of(Nl.RTM_NEWLINK, 0).begin(Ifla.IFNAME));
        assertThrows(IllegalStateException.class, () -> Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class).set(RtMsg.TABLE, 1));
        assertThrows(IllegalArgumentException.class, () -> Request.of(Nl.RTM_NEWLINK, 0).attr(Ifla.LINKINFO, 1));
    }

    @Test
    void largeRequestGrowsItsBuffer() {
        Request r = Request.of(Nl.RTM_NEWLINK, 0).header(IfInfoMsg.class);
        for (int i = 0; i < 100; i++) r.attr(Ifla.IFALIAS, "alias-" + i);
        Message m = one(r.bytes(1, 0));
        assertTrue(m.attrs(IfInfoMsg.class, Ifla.class).has(Ifla.IFALIAS));
    }
}

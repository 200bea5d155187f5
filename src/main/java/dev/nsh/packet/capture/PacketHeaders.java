package dev.nsh.packet.capture;

import dev.nsh.model.Addresses;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The headers of an Ethernet frame, decoded as far as nsh knows them: MACs and EtherType; the
 * network layer ("IP", "IP6", "ARP") with its addresses; the transport ("ICMP", "ICMP6", "TCP",
 * "UDP") with ports or ICMP type and code. Fields that do not apply are null or -1.
 */
public record PacketHeaders(String srcMac, String dstMac, int etherType, String network, String src, String dst,
                            int ttl, String transport, int srcPort, int dstPort, int icmpType, int icmpCode) {
    static final int ETHERTYPE_IP = 0x800, ETHERTYPE_ARP = 0x806, ETHERTYPE_IPV6 = 0x86dd;

    public static PacketHeaders decode(byte[] f) {
        if (f.length < 14) return new PacketHeaders(null, null, -1, null, null, null, -1, null, -1, -1, -1, -1);
        int n = 14, type = u16(f, 12);
        while ((type == 0x8100 || type == 0x88a8 || type == 0x9100) && f.length >= n + 4) { // what VLAN tags carry
            type = u16(f, n + 2);
            n += 4;
        }
        return decode(f, n, type, mac(f, 6), mac(f, 0));
    }

    /** The headers of a packet of a capture on "any" ({@link Sll2} first): the sender's MAC if known, no destination MAC. */
    static PacketHeaders decodeCooked(byte[] f) {
        if (f.length < Sll2.LENGTH) return new PacketHeaders(null, null, -1, null, null, null, -1, null, -1, -1, -1, -1);
        return decode(f, Sll2.LENGTH, Sll2.protocol(f), Sll2.address(f), null);
    }

    /** Network header at {@code n} (offsets below are Ethernet's, moved by n - 14). */
    private static PacketHeaders decode(byte[] f, int n, int type, String srcMac, String dstMac) {
        int d = n - 14;
        String network = null, src = null, dst = null, transport = null;
        int ttl = -1, sport = -1, dport = -1, itype = -1, icode = -1;
        int l4 = -1, proto = -1;
        if (type == ETHERTYPE_IP && f.length >= d + 34) {
            network = "IP";
            src = ip(f, d + 26, 4);
            dst = ip(f, d + 30, 4);
            ttl = f[d + 22] & 0xff;
            proto = f[d + 23] & 0xff;
            l4 = n + (f[n] & 0x0f) * 4;
        } else if (type == ETHERTYPE_IPV6 && f.length >= d + 54) {
            network = "IP6";
            src = ip(f, d + 22, 16);
            dst = ip(f, d + 38, 16);
            ttl = f[d + 21] & 0xff;
            int[] upper = Ip6.upperLayer(f, n);
            proto = upper[0];
            l4 = upper[1];
        } else if (type == ETHERTYPE_ARP && f.length >= d + 42) {
            network = "ARP";
            src = ip(f, d + 28, 4);
            dst = ip(f, d + 38, 4);
        }
        if (l4 > 0 && f.length >= l4 + 4) {
            switch (proto) {
                case 1, 58 -> {
                    transport = proto == 1 ? "ICMP" : "ICMP6";
                    itype = f[l4] & 0xff;
                    icode = f[l4 + 1] & 0xff;
                }
                case 6, 17 -> {
                    transport = proto == 6 ? "TCP" : "UDP";
                    sport = u16(f, l4);
                    dport = u16(f, l4 + 2);
                }
                default -> { }
            }
        }
        return new PacketHeaders(srcMac, dstMac, type, network, src, dst, ttl, transport, sport, dport, itype, icode);
    }

    static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }

    static long u32(byte[] f, int at) {
        return ((long) u16(f, at) << 16) | u16(f, at + 2);
    }

    static String mac(byte[] f, int at) {
        return HexFormat.ofDelimiter(":").formatHex(f, at, at + 6);
    }

    static String ip(byte[] f, int at, int len) {
        try {
            return Addresses.text(InetAddress.getByAddress(Arrays.copyOfRange(f, at, at + len)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.nsh.packet.capture;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static dev.nsh.packet.capture.PacketHeaders.ip;
import static dev.nsh.packet.capture.PacketHeaders.mac;
import static dev.nsh.packet.capture.PacketHeaders.u16;

/**
 * tcpdump -nn's one-line form of an Ethernet frame (without the timestamp), for ARP, IPv4,
 * IPv6, ICMP, ICMPv6, TCP and UDP. One instance per capture: TCP sequence numbers are printed
 * relative to the connection's first, which needs memory of the connection (as tcpdump keeps).
 */
final class PacketText {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneId.systemDefault());

    private final TcpText tcp = new TcpText();

    /** tcpdump's time of day, "20:30:26.942779", in the local zone. */
    static String timestamp(Instant t) {
        return CLOCK.format(t);
    }

    /**
     * The line for a frame of {@code wireLength} bytes on the wire, {@code f} those captured. Any
     * frame gets a line, however malformed: a field that points past what was captured (a TCP
     * option whose length runs off the header, say) ends the line with tcpdump's "[|...]" mark.
     */
    String line(byte[] f, int wireLength) {
        try {
            if (f.length < 14) return "[|ether]";
            int type = u16(f, 12);
            if (type < 0x600) return "802.3, length " + wireLength;
            return network(type, f, 14, wireLength);
        } catch (RuntimeException e) { // an index past the bytes a crafted header claims
            return "[|malformed frame] length " + wireLength;
        }
    }

    /**
     * The line for a packet of a capture on "any" ({@link Sll2} header first) of {@code wireLength}
     * bytes with that header, as tcpdump -i any prints it: "veth0 Out IP ...".
     */
    String cookedLine(String ifname, byte[] f, int wireLength) {
        if (f.length < Sll2.LENGTH) return "[|sll2]";
        String prefix = Sll2.prefix(ifname, f);
        try {
            return prefix + network(Sll2.protocol(f), f, Sll2.LENGTH, wireLength);
        } catch (RuntimeException e) {
            return prefix + "[|malformed frame] length " + wireLength;
        }
    }

    private String network(int type, byte[] f, int at, int wireLength) {
        return switch (type) {
            case PacketHeaders.ETHERTYPE_IP -> ipv4(f, at);
            case PacketHeaders.ETHERTYPE_IPV6 -> ipv6(f, at);
            case PacketHeaders.ETHERTYPE_ARP -> arp(f, at, wireLength - at);
            // 802.1Q, 802.1ad and the older QinQ 0x9100: tcpdump without -e prints what the tag carries
            case 0x8100, 0x88a8, 0x9100 -> f.length < at + 4 ? "[|vlan]" : network(u16(f, at + 2), f, at + 4, wireLength);
            default -> String.format("ethertype Unknown (0x%04x), length %d", type, wireLength);
        };
    }

    private String ipv4(byte[] f, int ip) {
        if (f.length < ip + 20) return "IP [|ip]";
        int ihl = (f[ip] & 0x0f) * 4, total = u16(f, ip + 2), proto = f[ip + 9] & 0xff;
        String src = ip(f, ip + 12, 4), dst = ip(f, ip + 16, 4);
        int l4 = ip + ihl, length = total - ihl;
        if ((u16(f, ip + 6) & 0x1fff) != 0) return "IP " + src + " > " + dst + ": ip-proto-" + proto;
        return switch (proto) {
            case 1 -> "IP " + src + " > " + dst + ": " + IcmpText.v4(f, l4, length);
            case 6 -> tcp.line("IP ", src, dst, true, f, l4, length);
            case 17 -> udp("IP ", src, dst, true, f, l4);
            default -> "IP " + src + " > " + dst + ":  ip-proto-" + proto + " " + length;
        };
    }

    private String ipv6(byte[] f, int ip) {
        if (f.length < ip + 40) return "IP6 [|ip6]";
        String src = ip(f, ip + 8, 16), dst = ip(f, ip + 24, 16);
        StringBuilder ext = new StringBuilder();
        int next = f[ip + 6] & 0xff, at = ip + 40, payloadEnd = ip + 40 + u16(f, ip + 4);
        boolean fragment = false;
        while ((next == Ip6.HOP_BY_HOP || next == Ip6.DEST_OPTIONS || next == Ip6.FRAGMENT) && at + 8 <= f.length) {
            if (next == Ip6.FRAGMENT) {
                // tcpdump: "frag (OFFSET|LENGTH)"; only the first fragment shows the upper layer.
                int offset = u16(f, at + 2) & 0xfff8;
                ext.append("frag (").append(offset).append('|').append(payloadEnd - at - 8).append(')');
                if (offset != 0) return "IP6 " + src + " > " + dst + ": " + ext;
                ext.append(' ');
                fragment = true;
                next = f[at] & 0xff;
                at += 8;
                continue;
            }
            ext.append(next == Ip6.HOP_BY_HOP ? "HBH " : "DSTOPT ");
            int len = ((f[at + 1] & 0xff) + 1) * 8;
            next = f[at] & 0xff;
            at += len;
        }
        int length = payloadEnd - at;
        String prefix = "IP6 " + src + " > " + dst + ": " + ext;
        // After a fragment header tcpdump prints the ports without the addresses again.
        return switch (next) {
            case 58 -> prefix + IcmpText.v6(f, at, length);
            case 6 -> tcp.line(fragment ? prefix : "IP6 ", src, dst, !fragment, f, at, length);
            case 17 -> udp(fragment ? prefix : "IP6 ", src, dst, !fragment, f, at);
            default -> prefix + "ip-proto-" + next + " " + length;
        };
    }

    /** "IP 10.0.0.10.40000 > 10.0.0.20.53: UDP, length 5"; without the addresses after an IPv6 fragment header. */
    private static String udp(String head, String src, String dst, boolean addresses, byte[] f, int l4) {
        if (f.length < l4 + 8) return head + src + " > " + dst + ": [|udp]";
        return head + (addresses ? src + "." : "") + u16(f, l4) + " > " + (addresses ? dst + "." : "") + u16(f, l4 + 2)
                + ": UDP, length " + (u16(f, l4 + 4) - 8);
    }

    private static String arp(byte[] f, int arp, int length) {
        if (f.length < arp + 28 || u16(f, arp) != 1 || u16(f, arp + 2) != PacketHeaders.ETHERTYPE_IP) return "ARP, length " + length;
        int op = u16(f, arp + 6);
        String sha = mac(f, arp + 8), spa = ip(f, arp + 14, 4), tpa = ip(f, arp + 24, 4);
        boolean thaSet = false;
        for (int i = 0; i < 6; i++) thaSet |= f[arp + 18 + i] != 0;
        return switch (op) {
            case 1 -> "ARP, Request who-has " + tpa + (thaSet ? " (" + mac(f, arp + 18) + ")" : "") + " tell " + spa + ", length " + length;
            case 2 -> "ARP, Reply " + spa + " is-at " + sha + ", length " + length;
            default -> "ARP, op " + op + ", length " + length;
        };
    }
}

package dev.nsh.packet.capture;

import static dev.nsh.packet.capture.PacketHeaders.ip;
import static dev.nsh.packet.capture.PacketHeaders.u16;
import static dev.nsh.packet.capture.PacketHeaders.u32;

/** ICMP and ICMPv6 as tcpdump -nn prints them: "ICMP echo request, id 7, seq 1, length 64". */
final class IcmpText {
    private IcmpText() {}

    /** {@code length} is the ICMP message length (IP total length minus the IP header). */
    static String v4(byte[] f, int at, int length) {
        if (f.length < at + 8) return "ICMP [|icmp]";
        int type = f[at] & 0xff, code = f[at + 1] & 0xff;
        String text = switch (type) {
            case 0, 8 -> (type == 0 ? "echo reply" : "echo request") + ", id " + u16(f, at + 4) + ", seq " + u16(f, at + 6);
            case 3 -> unreachable(f, at, code);
            case 11 -> code == 0 ? "time exceeded in-transit" : "ip reassembly time exceeded";
            case 4 -> "source quench";
            case 5 -> "redirect";
            case 12 -> "parameter problem";
            case 13 -> "time stamp request";
            case 14 -> "time stamp reply";
            default -> "type-#" + type;
        };
        return "ICMP " + text + ", length " + length;
    }

    private static String unreachable(byte[] f, int at, int code) {
        int inner = at + 8;
        if (f.length < inner + 20) return "unreachable";
        String dst = ip(f, inner + 16, 4);
        int proto = f[inner + 9] & 0xff, l4 = inner + (f[inner] & 0x0f) * 4;
        return switch (code) {
            case 0 -> "net " + dst + " unreachable";
            case 1 -> "host " + dst + " unreachable";
            case 2 -> dst + " protocol " + proto + " unreachable";
            case 3 -> f.length < l4 + 4 ? dst + " port unreachable"
                    : dst + " " + (proto == 6 ? "tcp" : proto == 17 ? "udp" : "proto-" + proto) + " port " + u16(f, l4 + 2) + " unreachable";
            case 4 -> dst + " unreachable - need to frag (mtu " + u16(f, at + 6) + ")";
            case 13 -> dst + " unreachable - admin prohibited filter";
            default -> dst + " unreachable - #" + code;
        };
    }

    /** {@code length} is the ICMPv6 message length (payload after the extension headers). */
    static String v6(byte[] f, int at, int length) {
        if (f.length < at + 4) return "ICMP6 [|icmp6]";
        int type = f[at] & 0xff, code = f[at + 1] & 0xff;
        String detail = switch (type) {
            case 1 -> ", " + unreachable6(f, at, code);
            case 2 -> f.length >= at + 8 ? ", mtu " + u32(f, at + 4) : "";
            case 3 -> f.length >= at + 48 ? (code == 0 ? " for " + ip(f, at + 8 + 24, 16) : " (reassembly)") : "";
            case 128, 129 -> f.length >= at + 8 ? ", id " + u16(f, at + 4) + ", seq " + u16(f, at + 6) : "";
            case 135 -> f.length >= at + 24 ? ", who has " + ip(f, at + 8, 16) : "";
            case 136 -> f.length >= at + 24 ? ", tgt is " + ip(f, at + 8, 16) : "";
            case 143 -> f.length >= at + 8 ? ", " + u16(f, at + 6) + " group record(s)" : "";
            default -> "";
        };
        return "ICMP6, " + typeName(type) + detail + ", length " + length;
    }

    private static String unreachable6(byte[] f, int at, int code) {
        String[] codes = {"unreachable route", "unreachable prohibited", "beyond scope", "unreachable address", "unreachable port"};
        String name = code < codes.length ? codes[code] : "unknown unreach code (" + code + ")";
        int inner = at + 8;
        if (f.length < inner + 40) return name;
        String dst = ip(f, inner + 24, 16);
        if (code == 4) {
            int[] upper = Ip6.upperLayer(f, inner);
            if (f.length < upper[1] + 4) return name;
            int port = u16(f, upper[1] + 2);
            return switch (upper[0]) {
                case 6 -> name + ", " + dst + " tcp port " + port;
                case 17 -> name + ", " + dst + " udp port " + port;
                default -> name + ", " + dst + " protocol " + upper[0] + " port " + port + " unreachable";
            };
        }
        return code <= 3 && code != 2 ? name + " " + dst : name;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 1 -> "destination unreachable";
            case 2 -> "packet too big";
            case 3 -> "time exceeded in-transit";
            case 4 -> "parameter problem";
            case 128 -> "echo request";
            case 129 -> "echo reply";
            case 130 -> "multicast listener query";
            case 131 -> "multicast listener report";
            case 132 -> "multicast listener done";
            case 133 -> "router solicitation";
            case 134 -> "router advertisement";
            case 135 -> "neighbor solicitation";
            case 136 -> "neighbor advertisement";
            case 137 -> "redirect";
            case 143 -> "multicast listener report v2";
            default -> "unknown icmp6 type (" + type + ")";
        };
    }
}

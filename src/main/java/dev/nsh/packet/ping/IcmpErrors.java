package dev.nsh.packet.ping;

/** The texts iputils ping prints for ICMP and ICMPv6 errors about its echo requests. */
final class IcmpErrors {
    private IcmpErrors() {}

    private static final String[] UNREACHABLE_V4 = {"Destination Net Unreachable", "Destination Host Unreachable",
            "Destination Protocol Unreachable", "Destination Port Unreachable", null, "Source Route Failed",
            "Destination Net Unknown", "Destination Host Unknown", "Source Host Isolated", "Destination Net Prohibited",
            "Destination Host Prohibited", "Destination Net Unreachable for Type of Service",
            "Destination Host Unreachable for Type of Service", "Packet filtered", "Precedence Violation",
            "Precedence Cutoff"};

    private static final String[] UNREACHABLE_V6 = {"No route", "Administratively prohibited",
            "Beyond scope of source address", "Address unreachable", "Port unreachable",
            "Source address failed ingress/egress policy", "Reject route to destination"};

    /** ICMP types 3, 4, 11, 12 (null for the others); {@code rest} is the header's second word. */
    static String v4(int type, int code, long rest) {
        long mtu = rest & 0xffff;
        return switch (type) {
            case 3 -> code == 4 ? "Frag needed and DF set (mtu = " + mtu + ")"
                    : code < UNREACHABLE_V4.length ? UNREACHABLE_V4[code] : "Dest Unreachable, Bad Code: " + code;
            case 4 -> "Source Quench";
            case 11 -> code == 0 ? "Time to live exceeded" : code == 1 ? "Frag reassembly time exceeded"
                    : "Time exceeded, Bad Code: " + code;
            case 12 -> "Parameter problem: pointer = " + (rest >>> 24);
            default -> null;
        };
    }

    /** ICMPv6 types 1 to 4 (null for the others); {@code info} is the MTU or pointer field. */
    static String v6(int type, int code, long info) {
        return switch (type) {
            case 1 -> "Destination unreachable: " + (code < UNREACHABLE_V6.length ? UNREACHABLE_V6[code] : "Unknown code " + code);
            case 2 -> "Packet too big: mtu=" + info + (code != 0 ? ", code=" + code : "");
            case 3 -> "Time exceeded: " + (code == 0 ? "Hop limit" : code == 1 ? "Defragmentation failure" : "code " + code);
            case 4 -> "Parameter problem: " + (code == 0 ? "Wrong header field " : code == 1 ? "Unknown header "
                    : code == 2 ? "Unknown option " : "code " + code + " ") + "at " + info;
            default -> null;
        };
    }
}

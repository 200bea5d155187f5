package dev.nsh.nft;

import dev.nsh.netlink.nft.Nfnl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What nft's words mean on the wire, for the subset nsh speaks, as data: header fields (where they
 * are and what kind of value they hold), protocols and their numbers, ICMP types, conntrack
 * states, meta keys, and the families. The compiler reads it one way, the printer the other, so
 * both agree by construction. Numbers from linux/netfilter/nf_tables.h, the IP headers and IANA.
 */
final class Fields {
    private Fields() {}

    /** The kind of value a field holds, and its set key type (nft's enum datatypes) and length. */
    enum Kind {
        IPV4(7, 4), IPV6(8, 16), PROTO(12, 1), PORT(13, 2), ICMP_TYPE(14, 1), ICMPV6_TYPE(29, 1), IFNAME(41, 16), CT_STATE(26, 4);

        final int setType, len;

        Kind(int setType, int len) {
            this.setType = setType;
            this.len = len;
        }
    }

    /** A header field: "ip saddr" is network header + 12, 4 bytes, an IPv4 address. */
    record Field(String protocol, String name, int base, int offset, int len, Kind kind) {
        String text() {
            return protocol + " " + name;
        }
    }

    static final int BASE_NETWORK = 1, BASE_TRANSPORT = 2;

    static final List<Field> FIELDS = List.of(
            new Field("ip", "protocol", BASE_NETWORK, 9, 1, Kind.PROTO),
            new Field("ip", "saddr", BASE_NETWORK, 12, 4, Kind.IPV4),
            new Field("ip", "daddr", BASE_NETWORK, 16, 4, Kind.IPV4),
            new Field("ip6", "nexthdr", BASE_NETWORK, 6, 1, Kind.PROTO),
            new Field("ip6", "saddr", BASE_NETWORK, 8, 16, Kind.IPV6),
            new Field("ip6", "daddr", BASE_NETWORK, 24, 16, Kind.IPV6),
            new Field("tcp", "sport", BASE_TRANSPORT, 0, 2, Kind.PORT),
            new Field("tcp", "dport", BASE_TRANSPORT, 2, 2, Kind.PORT),
            new Field("udp", "sport", BASE_TRANSPORT, 0, 2, Kind.PORT),
            new Field("udp", "dport", BASE_TRANSPORT, 2, 2, Kind.PORT),
            new Field("icmp", "type", BASE_TRANSPORT, 0, 1, Kind.ICMP_TYPE),
            new Field("icmpv6", "type", BASE_TRANSPORT, 0, 1, Kind.ICMPV6_TYPE));

    static Field field(String protocol, String name) {
        for (Field f : FIELDS) if (f.protocol().equals(protocol) && f.name().equals(name)) return f;
        return null;
    }

    /** The network-layer protocol a field needs ("ip" for ip saddr; null for a transport field in ip or ip6 alike). */
    static String layer3(Field f) {
        return switch (f.protocol()) {
            case "ip", "icmp" -> "ip";
            case "ip6", "icmpv6" -> "ip6";
            default -> null;
        };
    }

    /** The IP protocol number a transport field needs (tcp 6 ...), or -1 for a network field. */
    static int layer4(Field f) {
        return switch (f.protocol()) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> 1;
            case "icmpv6" -> 58;
            default -> -1;
        };
    }

    /** The transport header nsh names for an IP protocol number (tcp, udp, icmp, icmpv6), or null. */
    static String transportName(int protocol) {
        return switch (protocol) {
            case 6 -> "tcp";
            case 17 -> "udp";
            case 1 -> "icmp";
            case 58 -> "icmpv6";
            default -> null;
        };
    }

    /** NFPROTO_IPV4 and NFPROTO_IPV6, as meta nfproto holds them. */
    static final int NFPROTO_IPV4 = Nfnl.NFPROTO_IPV4, NFPROTO_IPV6 = Nfnl.NFPROTO_IPV6;

    /** IP protocol names as nft prints them (/etc/protocols' names). */
    static final Map<String, Integer> PROTOCOLS = ordered("icmp", 1, "igmp", 2, "ipv4", 4, "tcp", 6, "egp", 8, "udp", 17,
            "dccp", 33, "ipv6", 41, "gre", 47, "esp", 50, "ah", 51, "ipv6-icmp", 58, "sctp", 132, "udplite", 136);

    static final Map<String, Integer> ICMP_TYPES = ordered("echo-reply", 0, "destination-unreachable", 3, "source-quench", 4,
            "redirect", 5, "echo-request", 8, "router-advertisement", 9, "router-solicitation", 10, "time-exceeded", 11,
            "parameter-problem", 12, "timestamp-request", 13, "timestamp-reply", 14, "info-request", 15, "info-reply", 16,
            "address-mask-request", 17, "address-mask-reply", 18);

    static final Map<String, Integer> ICMPV6_TYPES = ordered("destination-unreachable", 1, "packet-too-big", 2, "time-exceeded", 3,
            "parameter-problem", 4, "echo-request", 128, "echo-reply", 129, "mld-listener-query", 130, "mld-listener-report", 131,
            "mld-listener-done", 132, "nd-router-solicit", 133, "nd-router-advert", 134, "nd-neighbor-solicit", 135,
            "nd-neighbor-advert", 136, "nd-redirect", 137, "router-renumbering", 138, "ind-neighbor-solicit", 141,
            "ind-neighbor-advert", 142, "mld2-listener-report", 143);

    /** Conntrack states as bits (NF_CT_STATE_*_BIT), in the order nft prints them. */
    static final Map<String, Integer> CT_STATES = ordered("invalid", 1, "established", 2, "related", 4, "new", 8, "untracked", 64);

    /** enum nft_meta_keys that the subset uses, and nft's names for them. */
    static final int META_NFPROTO = 15, META_L4PROTO = 16, META_IIFNAME = 6, META_OIFNAME = 7;
    static final int CT_STATE = 0;

    /** nf_tables families (NFPROTO_*) by nft's name. */
    static final Map<String, Integer> FAMILIES = ordered("ip", Nfnl.NFPROTO_IPV4, "ip6", Nfnl.NFPROTO_IPV6, "inet", Nfnl.NFPROTO_INET,
            "arp", Nfnl.NFPROTO_ARP, "bridge", Nfnl.NFPROTO_BRIDGE, "netdev", Nfnl.NFPROTO_NETDEV);

    static String familyName(int family) {
        return nameOf(FAMILIES, family);
    }

    /** The name of {@code value} in {@code names}, or null. */
    static String nameOf(Map<String, Integer> names, int value) {
        for (Map.Entry<String, Integer> e : names.entrySet()) if (e.getValue() == value) return e.getKey();
        return null;
    }

    /** The hooks by nft's name (enum nf_inet_hooks; the bridge family numbers its hooks the same). */
    static final Map<String, Integer> HOOKS = ordered("prerouting", 0, "input", 1, "forward", 2, "output", 3, "postrouting", 4);

    /** A base chain's hook by its number, as the family numbers them (arp: NF_ARP_IN/OUT; netdev: ingress, egress). */
    static String hookName(String family, int hook) {
        return switch (family) {
            case "arp" -> hook == 0 ? "input" : hook == 1 ? "output" : null;
            case "netdev" -> hook == 0 ? "ingress" : hook == 1 ? "egress" : null;
            default -> nameOf(HOOKS, hook);
        };
    }

    /**
     * nft's standard priorities and the hooks each is named for (nft src/rule.c std_prios, for the
     * ip, ip6 and inet families): a priority prints as its name, or as "NAME + N" within 10 of it.
     */
    record StdPriority(String name, int value, List<String> hooks) {}

    static final List<StdPriority> PRIORITIES = List.of(
            new StdPriority("raw", -300, null), new StdPriority("mangle", -150, null),
            new StdPriority("dstnat", -100, List.of("prerouting")), new StdPriority("filter", 0, null),
            new StdPriority("security", 50, null), new StdPriority("srcnat", 100, List.of("postrouting")));

    private static Map<String, Integer> ordered(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Integer) kv[i + 1]);
        return m;
    }
}

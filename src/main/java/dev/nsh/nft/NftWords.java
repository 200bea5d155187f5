package dev.nsh.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The words that may come next in an nft script, for the REPL's TAB inside {@code nft("...")}:
 * a field after its protocol ("tcp " offers dport, sport), a value after a field whose values
 * have names (ct state, icmp type, meta l4proto), the hooks after "hook", else the commands,
 * families, matches and statements of nsh's subset. Table and chain names are the user's own.
 */
public final class NftWords {
    private NftWords() {}

    private static final Map<String, List<String>> AFTER = Map.ofEntries(
            Map.entry("ip", List.of("saddr", "daddr", "protocol")),
            Map.entry("ip6", List.of("saddr", "daddr", "nexthdr")),
            Map.entry("tcp", List.of("sport", "dport")),
            Map.entry("udp", List.of("sport", "dport")),
            Map.entry("icmp", List.of("type")),
            Map.entry("icmpv6", List.of("type")),
            Map.entry("meta", List.of("l4proto", "nfproto")),
            Map.entry("ct", List.of("state")),
            Map.entry("state", List.copyOf(Fields.CT_STATES.keySet())),
            Map.entry("l4proto", List.copyOf(Fields.PROTOCOLS.keySet())),
            Map.entry("protocol", List.copyOf(Fields.PROTOCOLS.keySet())),
            Map.entry("nexthdr", List.copyOf(Fields.PROTOCOLS.keySet())),
            Map.entry("nfproto", List.of("ipv4", "ipv6")),
            Map.entry("hook", List.copyOf(Fields.HOOKS.keySet())),
            Map.entry("type", List.of("filter", "nat", "route")),
            Map.entry("policy", List.of("accept", "drop")),
            Map.entry("priority", List.of("filter", "dstnat", "srcnat", "raw", "mangle", "security")),
            Map.entry("add", List.of("table", "chain", "rule")),
            Map.entry("delete", List.of("table", "chain", "rule")),
            Map.entry("flush", List.of("table", "chain", "ruleset")),
            Map.entry("table", List.copyOf(new TreeSet<>(NftParser.FAMILIES))),
            Map.entry("chain", List.copyOf(new TreeSet<>(NftParser.FAMILIES))),
            Map.entry("rule", List.copyOf(new TreeSet<>(NftParser.FAMILIES))),
            Map.entry("reject", List.of("with")),
            Map.entry("snat", List.of("to", "ip", "ip6")),
            Map.entry("dnat", List.of("to", "ip", "ip6")));

    private static final List<String> ANYWHERE = List.of("add", "delete", "flush", "table", "chain", "type", "hook", "priority", "policy",
            "ip", "ip6", "tcp", "udp", "icmp", "icmpv6", "meta", "ct", "iifname", "oifname",
            "accept", "drop", "reject", "counter", "jump", "goto", "return", "continue", "masquerade", "snat", "dnat", "handle");

    /** The words that may follow {@code typed} (the script up to the cursor) and start with what is typed of the last one. */
    public static List<String> next(String typed) {
        String s = typed == null ? "" : typed;
        int cut = Math.max(Math.max(s.lastIndexOf(' '), s.lastIndexOf('\t')), Math.max(Math.max(s.lastIndexOf('{'), s.lastIndexOf(';')),
                Math.max(s.lastIndexOf('\n'), s.lastIndexOf(','))));
        String partial = s.substring(cut + 1), rest = s.substring(0, cut + 1).stripTrailing();
        String previous = rest.substring(Math.max(Math.max(rest.lastIndexOf(' '), rest.lastIndexOf('\n')), rest.lastIndexOf('\t')) + 1);
        List<String> options = rest.endsWith("icmp type") ? List.copyOf(Fields.ICMP_TYPES.keySet())
                : rest.endsWith("icmpv6 type") ? List.copyOf(Fields.ICMPV6_TYPES.keySet())
                : AFTER.getOrDefault(previous, ANYWHERE);
        List<String> out = new ArrayList<>();
        for (String o : options) if (o.startsWith(partial)) out.add(o);
        return out;
    }
}

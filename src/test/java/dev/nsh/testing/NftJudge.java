package dev.nsh.testing;

import groovy.json.JsonSlurper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nft and iptables binaries as the judges of nsh's firewall: what {@code nft list ruleset},
 * {@code nft -j}, {@code nft --debug=netlink} and {@code iptables -L -n} say about a namespace.
 */
public final class NftJudge {
    private NftJudge() {}

    /** {@code ip netns exec NS ARGS...}, its stdout. */
    public static String exec(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(args));
        return Ip.run(cmd);
    }

    /** {@code nft list ruleset}. */
    public static String list(String ns) {
        return exec(ns, "nft", "list", "ruleset");
    }

    /** {@code nft -j list ruleset}'s objects, without the metainfo one (which names the producer). */
    @SuppressWarnings("unchecked")
    public static List<Object> json(String ns) {
        return withoutMetainfo(exec(ns, "nft", "-j", "list", "ruleset"));
    }

    @SuppressWarnings("unchecked")
    public static List<Object> withoutMetainfo(String json) {
        Map<String, Object> top = (Map<String, Object>) new JsonSlurper().parseText(json);
        List<Object> out = new ArrayList<>((List<Object>) top.get("nftables"));
        out.removeIf(o -> ((Map<String, Object>) o).containsKey("metainfo"));
        return out;
    }

    /**
     * Every rule's expressions as nft sees them ({@code nft --debug=netlink list ruleset}), with
     * each set's elements sorted: the kernel's hash sets list them in an order that varies.
     */
    public static String expressions(String ns) {
        String out = exec(ns, "nft", "--debug=netlink", "list", "ruleset");
        List<String> lines = new ArrayList<>(), elements = new ArrayList<>();
        for (String l : out.split("\n", -1)) {
            if (l.startsWith("\telement ")) {
                elements.add(l);
                continue;
            }
            elements.sort(null);
            lines.addAll(elements);
            elements.clear();
            lines.add(l);
        }
        elements.sort(null);
        lines.addAll(elements);
        return String.join("\n", lines);
    }

    /** The handle of the rule in {@code family table chain} whose nft text contains {@code text}, from {@code nft -a}. */
    public static long handle(String ns, String family, String table, String chain, String text) {
        for (String l : exec(ns, "nft", "-a", "list", "chain", family, table, chain).split("\n")) {
            if (l.contains(text) && l.contains("# handle ")) return Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
        }
        throw new AssertionError("no rule with \"" + text + "\" in " + family + " " + table + " " + chain + " of " + ns);
    }

    /** The packets the first counter of the rule whose text contains {@code text} has seen, from {@code nft -j}. */
    @SuppressWarnings("unchecked")
    public static long packets(String ns, String family, String table, String chain, String text) {
        long handle = handle(ns, family, table, chain, text);
        for (Object o : json(ns)) {
            Map<String, Object> rule = (Map<String, Object>) ((Map<String, Object>) o).get("rule");
            if (rule == null || ((Number) rule.get("handle")).longValue() != handle || !chain.equals(rule.get("chain"))) continue;
            for (Object e : (List<Object>) rule.get("expr")) {
                Map<String, Object> counter = (Map<String, Object>) ((Map<String, Object>) e).get("counter");
                if (counter != null) return ((Number) counter.get("packets")).longValue();
            }
        }
        throw new AssertionError("no counter in the rule with \"" + text + "\"");
    }
}

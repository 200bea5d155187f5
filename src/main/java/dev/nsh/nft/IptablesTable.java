package dev.nsh.nft;

import dev.nsh.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One iptables table ("filter", "nat", "mangle", "raw") of a namespace, read from nf_tables the way
 * iptables-nft keeps it (table ip NAME, chains INPUT ...), printed as {@code iptables -t NAME -L -n}
 * prints it: the built-in chains first, with their policies (ACCEPT when iptables never made the
 * chain), then the user's chains with their references. A rule nsh cannot put in iptables' words is
 * a line starting with '#' that says so; {@code nft()} shows it.
 */
public record IptablesTable(String table, List<Chain> chains, boolean foreignBaseChains) {

    /** A chain: {@code policy} is null for a user chain, which has {@code references} instead. */
    public record Chain(String name, String policy, int references, List<Row> rows) {}

    /**
     * One rule: target (ACCEPT, DROP, a chain ...), protocol number (0 for all), source and
     * destination ("!" before one that is inverted), what else it matches ("tcp dpt:22"); {@code
     * text} is null for a rule nsh cannot name, whose handle is then given.
     */
    public record Row(String target, String prot, String source, String destination, String extra, long handle, boolean named) {}

    static final Map<String, List<String>> BUILT_IN = Map.of(
            "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
            "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
            "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
            "raw", List.of("PREROUTING", "OUTPUT"));

    /** Refuses a name that is not one of iptables' tables. */
    static void check(String name) {
        if (name == null) throw new InvalidInputException("iptables: no table given");
        if (!BUILT_IN.containsKey(name)) {
            throw new InvalidInputException("iptables: table \"" + name + "\" is not one of " + String.join(", ", BUILT_IN.keySet().stream().sorted().toList()));
        }
    }

    /** The iptables table {@code name} of {@code ruleset}. */
    static IptablesTable of(Ruleset ruleset, String name) {
        check(name);
        List<String> builtIn = BUILT_IN.get(name);
        Ruleset.Table t = ruleset.table("ip", name);
        List<Chain> out = new ArrayList<>();
        for (String chain : builtIn) {
            Ruleset.Chain c = t == null ? null : t.chain(chain);
            out.add(new Chain(chain, c == null || c.policy() == null ? "ACCEPT" : c.policy().toUpperCase(), 0, c == null ? List.of() : rows(t, c)));
        }
        if (t != null) {
            Map<String, Integer> refs = references(t);
            t.chains().stream().filter(c -> !c.isBase() && !builtIn.contains(c.name())).sorted(Comparator.comparing(Ruleset.Chain::name))
                    .forEach(c -> out.add(new Chain(c.name(), null, refs.getOrDefault(c.name(), 0), rows(t, c))));
        }
        boolean foreign = t != null && t.chains().stream().anyMatch(c -> c.isBase() && !builtIn.contains(c.name()));
        return new IptablesTable(name, out, foreign);
    }

    private static List<Row> rows(Ruleset.Table t, Ruleset.Chain c) {
        List<Row> rows = new ArrayList<>();
        for (Ruleset.Rule r : c.rules()) rows.add(IptablesRule.row(t, r));
        return rows;
    }

    /** How many jumps and gotos of the table go to each chain (counted once for the table, not once per chain). */
    private static Map<String, Integer> references(Ruleset.Table t) {
        Map<String, Integer> n = new java.util.HashMap<>();
        for (Ruleset.Chain c : t.chains()) {
            for (Ruleset.Rule r : c.rules()) {
                for (Expr e : r.exprs()) {
                    if (e instanceof Expr.Immediate i && i.verdict() != null && i.verdict().chain() != null) n.merge(i.verdict().chain(), 1, Integer::sum);
                }
            }
        }
        return n;
    }

    /** The chain called {@code name}, or null. */
    public Chain chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        // iptables' own words for a table nft made with other base chains (it then lists only its own)
        StringBuilder s = new StringBuilder(foreignBaseChains ? "# Table `" + table + "' contains incompatible base-chains, use 'nft' tool to list them.\n" : "");
        boolean first = true;
        for (Chain c : chains) {
            if (!first) s.append('\n');
            first = false;
            s.append("Chain ").append(c.name()).append(c.policy() != null ? " (policy " + c.policy() + ")" : " (" + c.references() + " references)").append('\n');
            s.append("target     prot opt source               destination         \n");
            for (Row r : c.rows()) s.append(line(r)).append('\n');
        }
        return s.toString();
    }

    /** iptables' columns (iptables/xshared.c print_rule_details): "%-9s ", then each of the rest with a '!' or ' ' before it. */
    private static String line(Row r) {
        if (!r.named()) return "# nsh: rule handle " + r.handle() + " is not in iptables' words nsh knows; nft() shows it";
        String src = r.source(), dst = r.destination();
        return String.format("%-9s  %-5s-- %s%-20s%s%-20s", r.target(), r.prot(), src.startsWith("!") ? "!" : " ", src.replaceFirst("^!", ""),
                dst.startsWith("!") ? "!" : " ", dst.replaceFirst("^!", "")) + (r.extra().isEmpty() ? "" : " " + r.extra());
    }
}

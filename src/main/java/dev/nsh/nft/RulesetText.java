package dev.nsh.nft;

import java.util.List;
import java.util.StringJoiner;

/**
 * A ruleset in the form of {@code nft list ruleset} (nftables 1.0): tables with their chains, a base
 * chain's "type ... hook ... priority ...; policy ...;" line, one rule a line, tabs for indent, a
 * blank line between chains. A rule nsh cannot name is a comment; named sets are not printed.
 */
final class RulesetText {
    private RulesetText() {}

    static String of(Ruleset r) {
        StringBuilder s = new StringBuilder();
        for (Ruleset.Table t : r.tables()) {
            s.append("table ").append(t.family()).append(' ').append(t.name()).append(" {\n");
            StringJoiner chains = new StringJoiner("\n");
            for (Ruleset.Set set : t.sets()) {
                if (!set.isAnonymous()) chains.add("\t# set " + set.name() + ": nsh does not print sets; nft list set " + t.family() + " " + t.name() + " " + set.name() + "\n");
            }
            for (Ruleset.Chain c : t.chains()) chains.add(chain(t, c));
            s.append(chains).append("}\n");
        }
        return s.toString();
    }

    private static String chain(Ruleset.Table t, Ruleset.Chain c) {
        StringBuilder s = new StringBuilder("\tchain ").append(c.name()).append(" {\n");
        if (c.isBase()) {
            s.append("\t\ttype ").append(c.type()).append(" hook ").append(c.hook()).append(" priority ")
                    .append(priority(t.family(), c.hook(), c.priority())).append("; policy ").append(c.policy()).append(";\n");
        }
        for (Ruleset.Rule rule : c.rules()) {
            s.append("\t\t").append(rule.text() != null ? rule.text() : unnamed(rule)).append('\n');
        }
        return s.append("\t}\n").toString();
    }

    /** A rule nsh cannot name, as a comment that says so and what it holds. */
    static String unnamed(Ruleset.Rule rule) {
        StringJoiner names = new StringJoiner(", ");
        for (Expr e : rule.exprs()) names.add(ExprCodec.name(e));
        return "# nsh: rule handle " + rule.handle() + " has expressions nsh does not name (" + names + "); nft -a list ruleset shows it";
    }

    /** As nft prints a base chain's priority: a standard one's name, "NAME + N" near one, else the number. */
    static String priority(String family, String hook, int value) {
        if (family.equals("arp") || family.equals("netdev")) { // their one standard priority: filter, 0
            return value == 0 ? "filter" : Math.abs((long) value) <= 10 ? "filter " + (value > 0 ? "+ " + value : "- " + -(long) value) : String.valueOf(value);
        }
        if (!List.of("ip", "ip6", "inet").contains(family)) return String.valueOf(value);
        for (Fields.StdPriority p : Fields.PRIORITIES) {
            if (p.hooks() != null && !p.hooks().contains(hook)) continue;
            long d = (long) value - p.value();
            if (d == 0) return p.name();
            if (Math.abs(d) <= 10) return p.name() + (d > 0 ? " + " + d : " - " + -d);
        }
        return String.valueOf(value);
    }
}

package dev.nsh.nft;


import java.util.List;

/**
 * A namespace's nf_tables ruleset, as the kernel holds it: tables, their chains with their rules
 * (each a list of {@link Expr}), and their sets. It prints as {@code nft list ruleset} prints it
 * (for the constructs nsh names; a rule it cannot name is a comment, never a wrong line), and
 * {@link #json()} is shaped like {@code nft -j list ruleset}.
 */
public record Ruleset(List<Table> tables) {

    /** A table: its family ("ip", "ip6", "inet" ...), name and handle. */
    public record Table(String family, String name, long handle, List<Chain> chains, List<Set> sets) {
        /** The chain called {@code name}, or null. */
        public Chain chain(String name) {
            return chains.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }

        /** The set called {@code name} (anonymous ones too: "__set0"), or null. */
        public Set set(String name) {
            return sets.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }
    }

    /** A chain; a base chain has its {@code type}, {@code hook}, {@code priority} and {@code policy}, a regular one null for all. */
    public record Chain(String name, long handle, String type, String hook, Integer priority, String policy, List<Rule> rules) {
        public boolean isBase() {
            return hook != null;
        }
    }

    /**
     * A rule: its handle, its expressions and its comment (or null); {@code text} is the line nft
     * would print, comment included, or null if nsh cannot name it.
     */
    public record Rule(long handle, List<Expr> exprs, String comment, String text) {}

    /** A set: name, flags, key type and length, and its elements (values; ranges as from..to, both inclusive). */
    public record Set(String name, long handle, int flags, int keyType, int keyLen, List<Element> elements) {
        public boolean isAnonymous() {
            return (flags & 1) != 0;
        }
    }

    /** One element of a set: {@code to} is null for a single value. */
    public record Element(byte[] from, byte[] to) {}

    /** The table {@code family name}, or null. */
    public Table table(String family, String name) {
        return tables.stream().filter(t -> t.family().equals(family) && t.name().equals(name)).findFirst().orElse(null);
    }

    /** JSON shaped like {@code nft -j list ruleset}. */
    public String json() {
        return RulesetJson.of(this);
    }

    @Override
    public String toString() {
        return RulesetText.of(this);
    }
}

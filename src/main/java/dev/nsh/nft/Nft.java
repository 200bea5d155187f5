package dev.nsh.nft;

import dev.nsh.error.InvalidInputException;
import dev.nsh.ns.Netns;

/**
 * nftables without the nft binary: {@link #apply} compiles a script in nft's own language (the
 * subset labs use: tables, chains, rules with address, protocol, port, interface, ICMP type and
 * conntrack matches, and accept, drop, reject, counter, jump, goto, return, masquerade, snat and
 * dnat) to nf_tables netlink messages and sends them as one transaction, all or nothing;
 * {@link #list} reads the ruleset back, printed as {@code nft list ruleset} prints it.
 * <pre>
 * Nft.apply(ns, "add table ip filter");
 * Nft.apply(ns, "table ip filter { chain input { type filter hook input priority 0; policy drop; tcp dport 22 accept } }");
 * System.out.print(Nft.list(ns));
 * </pre>
 */
public final class Nft {
    private Nft() {}

    /**
     * Applies {@code script} to the namespace's ruleset in one transaction. The whole script is
     * parsed and compiled first: an error in it (a word, where it is, the rule it broke) is thrown
     * before anything is sent, and a refusal by the kernel changes nothing either.
     */
    public static void apply(Netns ns, String script) {
        if (script == null) throw new InvalidInputException("nft: no script given");
        NftBatch.of(NftParser.parse(script)).apply(ns);
    }

    /**
     * The iptables table {@code table} ("filter", "nat", "mangle", "raw") as {@code iptables -t
     * TABLE -L -n} prints it, read from what iptables-nft keeps in nf_tables; a namespace iptables
     * never touched has its built-in chains, empty, with policy ACCEPT.
     */
    public static IptablesTable iptables(Netns ns, String table) {
        IptablesTable.check(table);
        return IptablesTable.of(RulesetReader.read(ns, "ip", table), table); // that table only, not the namespace's whole ruleset
    }

    /** The namespace's ruleset, from the kernel. */
    public static Ruleset list(Netns ns) {
        return RulesetReader.read(ns);
    }
}

package dev.nsh.nft;

import dev.nsh.ns.Netns;

import java.util.List;

/**
 * What a command named that does not exist, when the kernel refused it with ENOENT (which says
 * only "No such file or directory"): the table, the chain, a jump's chain or a rule's handle. Read
 * after the refusal, so only a failing script pays for it; what the same script made before the
 * command counts as existing, since the refusal undid it.
 */
final class Missing {
    private Missing() {}

    /** The missing object in words, or null if everything the command names exists. */
    static String what(Command c, List<Command> before, Netns ns) {
        Ruleset now;
        try {
            now = RulesetReader.read(ns);
        } catch (RuntimeException e) {
            return null;
        }
        String family, table, chain = null;
        if (c instanceof Command.AddRule r) {
            family = r.family();
            table = r.table();
            chain = r.chain();
        } else if (c instanceof Command.DeleteRule r) {
            family = r.family();
            table = r.table();
            chain = r.chain();
        } else if (c instanceof Command.AddChain r) {
            family = r.family();
            table = r.table();
        } else if (c instanceof Command.DeleteChain r) {
            family = r.family();
            table = r.table();
            chain = r.chain();
        } else if (c instanceof Command.FlushChain r) {
            family = r.family();
            table = r.table();
            chain = r.chain();
        } else if (c instanceof Command.DeleteTable r) {
            family = r.family();
            table = r.table();
        } else if (c instanceof Command.FlushTable r) {
            family = r.family();
            table = r.table();
        } else {
            return null;
        }
        if (!tableExists(now, before, family, table)) return "table " + family + " " + table + " does not exist";
        if (chain != null && !chainExists(now, before, family, table, chain)) {
            return "chain " + chain + " does not exist in table " + family + " " + table;
        }
        if (c instanceof Command.AddRule r) {
            for (Command.Stmt s : r.stmts()) {
                if (s instanceof Command.Verdict v && v.chain() != null && !chainExists(now, before, family, table, v.chain())) {
                    return v.kind() + " to chain " + v.chain() + ", which does not exist in table " + family + " " + table;
                }
            }
        }
        if (c instanceof Command.DeleteRule r) return "chain " + r.chain() + " has no rule with handle " + r.handle();
        return null;
    }

    private static boolean tableExists(Ruleset now, List<Command> before, String family, String table) {
        if (now.table(family, table) != null) return true;
        for (Command b : before) if (b instanceof Command.AddTable t && t.family().equals(family) && t.table().equals(table)) return true;
        for (Command b : before) if (b instanceof Command.AddChain t && t.family().equals(family) && t.table().equals(table)) return true;
        return false;
    }

    private static boolean chainExists(Ruleset now, List<Command> before, String family, String table, String chain) {
        Ruleset.Table t = now.table(family, table);
        if (t != null && t.chain(chain) != null) return true;
        for (Command b : before) {
            if (b instanceof Command.AddChain ch && ch.family().equals(family) && ch.table().equals(table) && ch.chain().equals(chain)) return true;
        }
        return false;
    }
}

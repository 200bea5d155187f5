package dev.nsh.nft;

import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.NetlinkSocket;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.nft.NfGenMsg;
import dev.nsh.netlink.nft.Nfnl;
import dev.nsh.netlink.nft.NftaChain;
import dev.nsh.netlink.nft.NftaTable;
import dev.nsh.ns.Netns;

import java.util.List;

/**
 * What a command named that does not exist, when the kernel refused it with ENOENT (which says
 * only "No such file or directory"): the table, the chain, a jump's chain or a rule's handle. Asked
 * of the kernel one object at a time (a GETTABLE or GETCHAIN, no dump), so a typo costs the same in
 * a ruleset of ten rules or ten thousand; what the same script made before the command counts as
 * existing, since the refusal undid it.
 */
final class Missing {
    private Missing() {}

    /** The missing object in words, or null if everything the command names exists. */
    static String what(Command c, List<Command> before, Netns ns) {
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
        String f = family, t = table, ch = chain;
        try {
            return ns.netfilter(s -> {
                if (!tableExists(s, before, f, t)) return "table " + f + " " + t + " does not exist";
                if (ch != null && !chainExists(s, before, f, t, ch)) return "chain " + ch + " does not exist in table " + f + " " + t;
                if (c instanceof Command.AddRule r) {
                    for (Command.Stmt x : r.stmts()) {
                        if (x instanceof Command.Verdict v && v.chain() != null && !chainExists(s, before, f, t, v.chain())) {
                            return v.kind() + " to chain " + v.chain() + ", which does not exist in table " + f + " " + t;
                        }
                    }
                }
                if (c instanceof Command.DeleteRule r) return "chain " + r.chain() + " has no rule with handle " + r.handle();
                return null;
            });
        } catch (RuntimeException e) {
            return null; // the kernel's own words then
        }
    }

    private static boolean tableExists(NetlinkSocket s, List<Command> before, String family, String table) {
        for (Command b : before) {
            if (b instanceof Command.AddTable t && t.family().equals(family) && t.table().equals(table)) return true;
            if (b instanceof Command.AddChain t && t.family().equals(family) && t.table().equals(table)) return true;
        }
        return exists(s, Request.of(Nfnl.type(Nfnl.GETTABLE), 0).header(NfGenMsg.class).set(NfGenMsg.FAMILY, Fields.FAMILIES.get(family))
                .attr(NftaTable.NAME, table));
    }

    private static boolean chainExists(NetlinkSocket s, List<Command> before, String family, String table, String chain) {
        for (Command b : before) {
            if (b instanceof Command.AddChain ch && ch.family().equals(family) && ch.table().equals(table) && ch.chain().equals(chain)) return true;
        }
        return exists(s, Request.of(Nfnl.type(Nfnl.GETCHAIN), 0).header(NfGenMsg.class).set(NfGenMsg.FAMILY, Fields.FAMILIES.get(family))
                .attr(NftaChain.TABLE, table).attr(NftaChain.NAME, chain));
    }

    private static boolean exists(NetlinkSocket s, Request get) {
        try {
            s.request(get);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == dev.nsh.sys.Errno.ENOENT) return false;
            throw e;
        }
    }
}

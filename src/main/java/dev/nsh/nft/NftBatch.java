package dev.nsh.nft;

import dev.nsh.error.KernelException;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.nft.NfGenMsg;
import dev.nsh.netlink.nft.Nfnl;
import dev.nsh.netlink.nft.NftaChain;
import dev.nsh.netlink.nft.NftaData;
import dev.nsh.netlink.nft.NftaElemList;
import dev.nsh.netlink.nft.NftaHook;
import dev.nsh.netlink.nft.NftaRule;
import dev.nsh.netlink.nft.NftaSet;
import dev.nsh.netlink.nft.NftaSetElem;
import dev.nsh.netlink.nft.NftaSetElemList;
import dev.nsh.netlink.nft.NftaTable;
import dev.nsh.ns.Netns;
import dev.nsh.ops.KernelErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commands to nf_tables messages, sent as one transaction (NFNL_MSG_BATCH_BEGIN ... END): the
 * kernel applies all of them or none. The flags are nft's: NEWTABLE none, NEWCHAIN and the sets
 * NLM_F_CREATE, NEWRULE NLM_F_CREATE|NLM_F_APPEND. A refusal names the command, where it is in the
 * script, and the namespace, with the kernel's own words when it gave some.
 */
final class NftBatch {
    private final List<Request> requests = new ArrayList<>();
    /** The command each request is for, by index (a rule's sets share its command). */
    private final List<Command> whose = new ArrayList<>();
    private int nextSetId = 1;

    /** Compiles every command first: bad input fails here, before anything is sent. */
    static NftBatch of(List<Command> commands) {
        NftBatch b = new NftBatch();
        for (Command c : commands) b.add(c);
        return b;
    }

    void apply(Netns ns) {
        if (requests.isEmpty()) return;
        Request begin = marker(Nfnl.NFNL_MSG_BATCH_BEGIN), end = marker(Nfnl.NFNL_MSG_BATCH_END);
        Map<Integer, NetlinkException> failed;
        try {
            failed = ns.netfilter(s -> s.transaction(begin, requests, end));
        } catch (KernelException e) {
            throw KernelErrors.wrap("nft", ns, e);
        }
        if (failed.isEmpty()) return;
        Map.Entry<Integer, NetlinkException> first = failed.entrySet().iterator().next();
        NetlinkException e = first.getValue();
        Command c = whose.get(first.getKey());
        String why = e.errno() == dev.nsh.sys.Errno.ENOENT ? Missing.what(c, whose.subList(0, first.getKey()), ns) : null;
        throw KernelErrors.explained("nft: " + describe(c), ns, e, (why != null ? why + " (ENOENT)" : e.getMessage())
                + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more)" : "") + "; nothing was changed");
    }

    private void add(Command c) {
        if (c instanceof Command.AddTable t) {
            msg(c, Nfnl.NEWTABLE, t.family(), 0).attr(NftaTable.NAME, t.table()).attr(NftaTable.FLAGS, 0);
        } else if (c instanceof Command.DeleteTable t) {
            msg(c, Nfnl.DELTABLE, t.family(), 0).attr(NftaTable.NAME, t.table());
        } else if (c instanceof Command.FlushTable t) {
            msg(c, Nfnl.DELRULE, t.family(), 0).attr(NftaRule.TABLE, t.table());
        } else if (c instanceof Command.AddChain ch) {
            Request r = msg(c, Nfnl.NEWCHAIN, ch.family(), Nl.NLM_F_CREATE).attr(NftaChain.TABLE, ch.table()).attr(NftaChain.NAME, ch.chain());
            if (ch.hook() != null) {
                r.begin(NftaChain.HOOK).attr(NftaHook.HOOKNUM, Fields.HOOKS.get(ch.hook())).attr(NftaHook.PRIORITY, ch.priority()).end();
                if (ch.policy() != null) r.attr(NftaChain.POLICY, ch.policy().equals("drop") ? Nfnl.NF_DROP : Nfnl.NF_ACCEPT);
                r.attr(NftaChain.TYPE, ch.type());
            }
        } else if (c instanceof Command.DeleteChain ch) {
            msg(c, Nfnl.DELCHAIN, ch.family(), 0).attr(NftaChain.TABLE, ch.table()).attr(NftaChain.NAME, ch.chain());
        } else if (c instanceof Command.FlushChain ch) {
            msg(c, Nfnl.DELRULE, ch.family(), 0).attr(NftaRule.TABLE, ch.table()).attr(NftaRule.CHAIN, ch.chain());
        } else if (c instanceof Command.DeleteRule d) {
            msg(c, Nfnl.DELRULE, d.family(), 0).attr(NftaRule.TABLE, d.table()).attr(NftaRule.CHAIN, d.chain()).attr(NftaRule.HANDLE, d.handle());
        } else if (c instanceof Command.FlushRuleset) {
            msg(c, Nfnl.DELTABLE, null, 0);
        } else if (c instanceof Command.AddRule rule) {
            RuleCompiler.Compiled compiled = RuleCompiler.compile(rule, () -> nextSetId++);
            for (RuleCompiler.AnonSet s : compiled.sets()) set(rule, s);
            Request r = msg(c, Nfnl.NEWRULE, rule.family(), Nl.NLM_F_CREATE | Nl.NLM_F_APPEND)
                    .attr(NftaRule.TABLE, rule.table()).attr(NftaRule.CHAIN, rule.chain()).begin(NftaRule.EXPRESSIONS);
            ExprCodec.encode(r, compiled.exprs());
            r.end();
            if (rule.comment() != null) r.attr(NftaRule.USERDATA, RuleComment.userdata(rule.comment()));
        }
    }

    /** An anonymous set (flags anonymous, constant, and interval for ranges) and its elements. */
    private void set(Command.AddRule rule, RuleCompiler.AnonSet s) {
        int flags = Nfnl.SET_ANONYMOUS | Nfnl.SET_CONSTANT | (s.interval() ? Nfnl.SET_INTERVAL : 0);
        msg(rule, Nfnl.NEWSET, rule.family(), Nl.NLM_F_CREATE).attr(NftaSet.TABLE, rule.table()).attr(NftaSet.NAME, "__set%d")
                .attr(NftaSet.FLAGS, flags).attr(NftaSet.KEY_TYPE, s.kind().setType).attr(NftaSet.KEY_LEN, s.kind().len)
                .attr(NftaSet.ID, s.id());
        Request r = msg(rule, Nfnl.NEWSETELEM, rule.family(), Nl.NLM_F_CREATE).attr(NftaSetElemList.TABLE, rule.table())
                .attr(NftaSetElemList.SET, "__set%d").attr(NftaSetElemList.SET_ID, s.id()).begin(NftaSetElemList.ELEMENTS);
        if (s.interval()) {
            for (byte[][] e : intervals(s)) element(r, e[0], e[1] != null && e[1][0] == 1, e[1] != null && e[1][0] == 2);
        } else {
            for (byte[][] e : s.elements()) element(r, e[0], false, false);
        }
        r.end();
    }

    /** libnftnl's element userdata NFTNL_UDATA_SET_ELEM_FLAGS (type 1, a u32) = NFTNL_SET_ELEM_F_INTERVAL_OPEN, as nft sends it. */
    private static final byte[] OPEN = {1, 4, 1, 0, 0, 0};

    private static void element(Request r, byte[] key, boolean end, boolean open) {
        r.begin(NftaElemList.ELEM).begin(NftaSetElem.KEY).attr(NftaData.VALUE, key).end();
        if (end) r.attr(NftaSetElem.FLAGS, 1); // NFT_SET_ELEM_INTERVAL_END
        if (open) r.attr(NftaSetElem.USERDATA, OPEN); // a range up to the key's highest value has no end element
        r.end();
    }

    /**
     * An interval set's elements as nft sends them: the ranges sorted and merged, each as its
     * start and an end element one past it (flagged), after an end element at zero when the
     * first range does not start there; a range up to the highest value has no end element and is
     * marked open instead. Entries: {key, null for a start, {1} for an end, {2} for an open start}.
     */
    private static List<byte[][]> intervals(RuleCompiler.AnonSet s) {
        List<long[]> ranges = new ArrayList<>();
        for (byte[][] e : s.elements()) {
            long a = Values.be(e[0]), b = e[1] == null ? a : Values.be(e[1]);
            ranges.add(new long[] {a, b});
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] x : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && x[0] <= last[1] + 1) last[1] = Math.max(last[1], x[1]);
            else merged.add(x.clone());
        }
        int len = s.kind().len;
        long max = (1L << (8 * len)) - 1;
        List<byte[][]> out = new ArrayList<>();
        if (merged.get(0)[0] != 0) out.add(new byte[][] {bytes(0, len), {1}});
        for (long[] x : merged) {
            out.add(new byte[][] {bytes(x[0], len), x[1] < max ? null : new byte[] {2}});
            if (x[1] < max) out.add(new byte[][] {bytes(x[1] + 1, len), {1}});
        }
        return out;
    }

    private static byte[] bytes(long v, int len) {
        byte[] b = new byte[len];
        for (int i = len - 1; i >= 0; i--, v >>= 8) b[i] = (byte) v;
        return b;
    }

    private Request msg(Command c, int type, String family, int flags) {
        Request r = Request.of(Nfnl.type(type), flags).header(NfGenMsg.class)
                .set(NfGenMsg.FAMILY, family == null ? Nfnl.NFPROTO_UNSPEC : Fields.FAMILIES.get(family));
        requests.add(r);
        whose.add(c);
        return r;
    }

    private static Request marker(int type) {
        return Request.of(type, 0).header(NfGenMsg.class).set(NfGenMsg.RES_ID, Nfnl.NFNL_SUBSYS_NFTABLES);
    }

    /** "add rule ip filter input (line 3: tcp dport 22 accept)". */
    static String describe(Command c) {
        String where = " (line " + c.at().line() + ")";
        if (c instanceof Command.AddTable t) return "add table " + t.family() + " " + t.table() + where;
        if (c instanceof Command.DeleteTable t) return "delete table " + t.family() + " " + t.table() + where;
        if (c instanceof Command.FlushTable t) return "flush table " + t.family() + " " + t.table() + where;
        if (c instanceof Command.AddChain t) return "add chain " + t.family() + " " + t.table() + " " + t.chain() + where;
        if (c instanceof Command.DeleteChain t) return "delete chain " + t.family() + " " + t.table() + " " + t.chain() + where;
        if (c instanceof Command.FlushChain t) return "flush chain " + t.family() + " " + t.table() + " " + t.chain() + where;
        if (c instanceof Command.DeleteRule t) return "delete rule " + t.family() + " " + t.table() + " " + t.chain() + " handle " + t.handle() + where;
        if (c instanceof Command.AddRule t) {
            return "add rule " + t.family() + " " + t.table() + " " + t.chain() + " (line " + t.at().line() + ": " + t.text() + ")";
        }
        return "flush ruleset" + where;
    }
}

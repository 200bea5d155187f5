package dev.nsh.nft;

import dev.nsh.error.KernelException;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.sys.Errno;
import dev.nsh.netlink.NetlinkSocket;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A namespace's ruleset read from the kernel: dumps of its tables, chains, rules and sets
 * (NFT_MSG_GET* with NLM_F_DUMP) and of each set's elements, all in one visit to the namespace's
 * thread. A rule made by any tool (nft, iptables-nft) is read the same way.
 */
final class RulesetReader {
    private RulesetReader() {}

    private record Key(int family, String table) {}

    static Ruleset read(Netns ns) {
        return read(ns, null, null);
    }

    /**
     * The tables of {@code family} (null: every family) called {@code table} (null: all), read
     * without the rest: the kernel filters rules and sets by table and everything by family, so
     * one table costs what it holds, not what the namespace holds.
     */
    static Ruleset read(Netns ns, String family, String table) {
        int fam = family == null ? Nfnl.NFPROTO_UNSPEC : Fields.FAMILIES.get(family);
        try {
            return ns.netfilter(s -> read(s, fam, table));
        } catch (KernelException e) {
            throw KernelErrors.wrap("list " + (table == null ? "ruleset" : "table " + family + " " + table), ns, e);
        }
    }

    private static Ruleset read(NetlinkSocket s, int family, String only) {
        try {
            return readAll(s, family, only);
        } catch (NetlinkException e) {
            if (only != null && e.errno() == Errno.ENOENT) return new Ruleset(List.of()); // no such table: nothing in it
            throw e;
        }
    }

    private static Ruleset readAll(NetlinkSocket s, int family, String only) {
        Map<Key, List<Ruleset.Chain>> chains = new LinkedHashMap<>();
        Map<Key, Map<String, List<Ruleset.Rule>>> rules = new LinkedHashMap<>();
        Map<Key, List<Ruleset.Set>> sets = new LinkedHashMap<>();
        Request rulesOf = get(Nfnl.GETRULE, family);
        if (only != null) rulesOf.attr(NftaRule.TABLE, only);
        for (Message m : s.dump(rulesOf)) {
            Attrs a = m.attrs(NfGenMsg.class, NftaRule.class);
            Key k = new Key((int) m.get(NfGenMsg.FAMILY), a.string(NftaRule.TABLE));
            rules.computeIfAbsent(k, x -> new LinkedHashMap<>()).computeIfAbsent(a.string(NftaRule.CHAIN), x -> new ArrayList<>())
                    .add(new Ruleset.Rule(a.be64(NftaRule.HANDLE, 0), ExprCodec.decode(a.nested(NftaRule.EXPRESSIONS)),
                            RuleComment.of(a.bytes(NftaRule.USERDATA)), null));
        }
        Request setsOf = get(Nfnl.GETSET, family);
        if (only != null) setsOf.attr(NftaSet.TABLE, only);
        for (Message m : s.dump(setsOf)) {
            Attrs a = m.attrs(NfGenMsg.class, NftaSet.class);
            int setFamily = (int) m.get(NfGenMsg.FAMILY);
            String table = a.string(NftaSet.TABLE), name = a.string(NftaSet.NAME);
            if (only != null && !only.equals(table)) continue;
            int flags = (int) a.be32(NftaSet.FLAGS, 0);
            List<Ruleset.Element> elements = elements(s, setFamily, table, name, (flags & Nfnl.SET_INTERVAL) != 0);
            sets.computeIfAbsent(new Key(setFamily, table), x -> new ArrayList<>()).add(new Ruleset.Set(name, a.be64(NftaSet.HANDLE, 0),
                    flags, (int) a.be32(NftaSet.KEY_TYPE, 0), (int) a.be32(NftaSet.KEY_LEN, 0), elements));
        }
        for (Message m : s.dump(get(Nfnl.GETCHAIN, family))) { // the kernel filters chains by family only
            Attrs a = m.attrs(NfGenMsg.class, NftaChain.class);
            Key k = new Key((int) m.get(NfGenMsg.FAMILY), a.string(NftaChain.TABLE));
            if (only != null && !only.equals(k.table())) continue;
            String name = a.string(NftaChain.NAME);
            Attrs hook = a.nested(NftaChain.HOOK);
            String fam = Fields.familyName(k.family());
            String hookName = hook == null ? null : Fields.hookName(fam == null ? "" : fam, (int) hook.be32(NftaHook.HOOKNUM, -1));
            Integer prio = hook == null ? null : (int) hook.be32(NftaHook.PRIORITY, 0);
            String policy = hook == null ? null : a.be32(NftaChain.POLICY, 1) == Nfnl.NF_DROP ? "drop" : "accept";
            List<Ruleset.Rule> rs = rules.getOrDefault(k, Map.of()).getOrDefault(name, List.of());
            chains.computeIfAbsent(k, x -> new ArrayList<>()).add(new Ruleset.Chain(name, a.be64(NftaChain.HANDLE, 0),
                    hook == null ? null : a.string(NftaChain.TYPE), hookName == null && hook != null ? "#" + hook.be32(NftaHook.HOOKNUM, -1) : hookName,
                    prio, policy, rs));
        }
        List<Ruleset.Table> tables = new ArrayList<>();
        for (Message m : s.dump(get(Nfnl.GETTABLE, family))) {
            Attrs a = m.attrs(NfGenMsg.class, NftaTable.class);
            int tableFamily = (int) m.get(NfGenMsg.FAMILY);
            Key k = new Key(tableFamily, a.string(NftaTable.NAME));
            if (only != null && !only.equals(k.table())) continue;
            String fam = Fields.familyName(tableFamily);
            List<Ruleset.Chain> cs = new ArrayList<>(chains.getOrDefault(k, List.of()));
            cs.sort(Comparator.comparingLong(Ruleset.Chain::handle));
            tables.add(new Ruleset.Table(fam == null ? "family" + tableFamily : fam, k.table(), a.be64(NftaTable.HANDLE, 0), cs,
                    sets.getOrDefault(k, List.of())));
        }
        tables.sort(Comparator.comparingLong(Ruleset.Table::handle));
        return named(new Ruleset(tables));
    }

    /** The same ruleset with each rule's text, as nft prints it (null where nsh cannot name a rule). */
    private static Ruleset named(Ruleset r) {
        List<Ruleset.Table> tables = new ArrayList<>();
        for (Ruleset.Table t : r.tables()) {
            Map<String, Ruleset.Set> sets = RuleText.setsOf(t);
            List<Ruleset.Chain> chains = new ArrayList<>();
            for (Ruleset.Chain c : t.chains()) {
                List<Ruleset.Rule> rules = new ArrayList<>();
                for (Ruleset.Rule x : c.rules()) rules.add(new Ruleset.Rule(x.handle(), x.exprs(), x.comment(), RuleComment.withText(RuleText.of(t, sets, x.exprs()), x.comment())));
                chains.add(new Ruleset.Chain(c.name(), c.handle(), c.type(), c.hook(), c.priority(), c.policy(), rules));
            }
            tables.add(new Ruleset.Table(t.family(), t.name(), t.handle(), chains, t.sets()));
        }
        return new Ruleset(tables);
    }

    private static Request get(int msg, int family) {
        return Request.of(Nfnl.type(msg), 0).header(NfGenMsg.class).set(NfGenMsg.FAMILY, family);
    }

    /** A set's elements; an interval set's as ranges (its end elements, flagged, are one past each range). */
    private static List<Ruleset.Element> elements(NetlinkSocket s, int family, String table, String set, boolean interval) {
        Request r = Request.of(Nfnl.type(Nfnl.GETSETELEM), 0).header(NfGenMsg.class).set(NfGenMsg.FAMILY, family)
                .attr(NftaSetElemList.TABLE, table).attr(NftaSetElemList.SET, set);
        List<byte[][]> raw = new ArrayList<>(); // key, flag (1 byte: end or not)
        for (Message m : s.dump(r)) {
            Attrs list = m.attrs(NfGenMsg.class, NftaSetElemList.class).nested(NftaSetElemList.ELEMENTS);
            if (list == null) continue;
            for (Attrs e : list.nestedAll(NftaElemList.ELEM, NftaSetElem.class)) {
                Attrs key = e.nested(NftaSetElem.KEY);
                byte[] k = key == null ? null : key.bytes(NftaData.VALUE);
                if (k != null) raw.add(new byte[][] {k, {(byte) (e.be32(NftaSetElem.FLAGS, 0) & 1)}});
            }
        }
        raw.sort((x, y) -> Arrays.compareUnsigned(x[0], y[0]));
        List<Ruleset.Element> out = new ArrayList<>();
        if (!interval) {
            for (byte[][] e : raw) out.add(new Ruleset.Element(e[0], null));
            return out;
        }
        byte[] start = null;
        for (byte[][] e : raw) {
            if (e[1][0] == 0) {
                if (start != null) out.add(toTop(start)); // a start with no end: open to the top
                start = e[0];
            } else if (start != null) {
                byte[] last = minusOne(e[0]);
                out.add(new Ruleset.Element(start, Arrays.equals(start, last) ? null : last));
                start = null;
            }
        }
        if (start != null) out.add(toTop(start));
        return out;
    }

    /** A range whose end is the key's highest value: nft sends no end element for it. */
    private static Ruleset.Element toTop(byte[] start) {
        byte[] top = new byte[start.length];
        Arrays.fill(top, (byte) 0xff);
        return new Ruleset.Element(start, Arrays.equals(start, top) ? null : top);
    }

    private static byte[] minusOne(byte[] v) {
        byte[] b = v.clone();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i]-- != 0) break;
        }
        return b;
    }
}

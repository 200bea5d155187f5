package dev.nsh.nft;

import dev.nsh.netlink.nft.Nfnl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rule's expressions in nft's words, as {@code nft list ruleset} prints them: loads and
 * comparisons become matches ("tcp dport 22"), the dependencies nft adds on its own (meta
 * l4proto tcp before a tcp field, meta nfproto ipv4 before an ip field of an inet table) are
 * left out again where a match needs them, and statements are named. A rule with anything nsh does
 * not name gives null: it is then printed as a comment, never as a line that means something else.
 */
final class RuleText {
    /** What register 1 holds: a header field (loaded whole or its first bytes), a meta key, a conntrack key. */
    private record Load(Fields.Field field, int len, int meta, int ct, byte[] mask, List<Fields.Field> merged) {
        Load(Fields.Field field, int len, int meta, int ct, byte[] mask) {
            this(field, len, meta, ct, mask, null);
        }
    }

    /** One part of a rule: its words, and its form in nft's JSON. */
    record Clause(String text, Object json) {}

    private final Ruleset.Table table;
    private final Map<String, Ruleset.Set> sets;
    private final List<Clause> words = new ArrayList<>();
    /** The index in words of a dependency match nft would have added for the next field, or -1. */
    private int nfprotoAt = -1, l4protoAt = -1;
    private int nfproto = -1, l4proto = -1;
    private Load reg;
    private final byte[][] values = new byte[5][];

    private RuleText(Ruleset.Table table, Map<String, Ruleset.Set> sets) {
        this.table = table;
        this.sets = sets;
    }

    /** The table's sets by name, looked up by each rule that uses one (made once per table, not per rule). */
    static Map<String, Ruleset.Set> setsOf(Ruleset.Table table) {
        Map<String, Ruleset.Set> m = new java.util.HashMap<>();
        for (Ruleset.Set s : table.sets()) m.put(s.name(), s);
        return m;
    }

    /** The rule's text, or null if nsh cannot name every part of it. */
    static String of(Ruleset.Table table, Map<String, Ruleset.Set> sets, List<Expr> exprs) {
        List<Clause> c = clauses(table, sets, exprs);
        if (c == null) return null;
        List<String> texts = new ArrayList<>();
        for (Clause x : c) texts.add(x.text());
        return String.join(" ", texts);
    }

    /** The rule as clauses, or null if nsh cannot name every part of it. */
    static List<Clause> clauses(Ruleset.Table table, Map<String, Ruleset.Set> sets, List<Expr> exprs) {
        RuleText t = new RuleText(table, sets);
        for (int i = 0; i < exprs.size(); i++) {
            Expr e = exprs.get(i);
            Expr next = i + 1 < exprs.size() ? exprs.get(i + 1) : null;
            if (e instanceof Expr.Cmp c && c.op() == 4 + 1 && next instanceof Expr.Cmp c2 && c2.op() == 3 && c2.sreg() == c.sreg()) {
                if (!t.range(c.data(), c2.data(), false)) return null; // gte then lte: nft's form of a range
                i++;
                continue;
            }
            if (!t.take(e)) return null;
        }
        t.words.removeIf(w -> w == null);
        return t.words;
    }

    private boolean take(Expr e) {
        boolean ok = takeOne(e);
        // After a statement nft drops no dependency any more: "meta l4proto tcp counter tcp dport 22" keeps its first match.
        if (e instanceof Expr.Counter || e instanceof Expr.Immediate i && i.dreg() == 0 || e instanceof Expr.Reject || e instanceof Expr.Masq
                || e instanceof Expr.Nat || e instanceof Expr.Xt) {
            l4protoAt = nfprotoAt = -1;
        }
        return ok;
    }

    private boolean takeOne(Expr e) {
        if (e instanceof Expr.Payload p) {
            if (p.dreg() != 1) return false;
            // A header field is named only where its header is known: the network one by the table's
            // family or a meta nfproto before, the transport one by the protocol matched before. Bytes
            // nsh has no field for (th, @nh, ip ttl ...) leave the rule unnamed.
            String proto = header(p.base());
            if (proto == null) return false;
            Fields.Field found = null;
            for (Fields.Field f : Fields.FIELDS) {
                if (!f.protocol().equals(proto) || f.base() != p.base() || f.offset() != p.offset()) continue;
                if (p.len() == f.len() || p.len() < f.len() && isAddress(f)) found = f;
            }
            if (found == null) { // nft loads neighbouring fields matched for equality at once: "tcp sport 80 tcp dport 22" is one 4-byte load
                List<Fields.Field> run = adjacent(p, proto);
                if (run == null) return false;
                reg = new Load(null, p.len(), -1, -1, null, run);
                return true;
            }
            reg = new Load(found, p.len(), -1, -1, null);
            return true;
        }
        if (e instanceof Expr.Meta m) {
            reg = m.dreg() == 1 ? new Load(null, 0, m.key(), -1, null) : null;
            return reg != null;
        }
        if (e instanceof Expr.Ct c) {
            reg = c.dreg() == 1 && c.key() == Fields.CT_STATE ? new Load(null, 0, -1, c.key(), null) : null;
            return reg != null;
        }
        if (e instanceof Expr.Bitwise b) {
            if (reg == null || b.sreg() != 1 || b.dreg() != 1 || b.xor() == null || !Values.allZero(b.xor())) return false;
            reg = new Load(reg.field(), reg.len(), reg.meta(), reg.ct(), b.mask());
            return true;
        }
        if (e instanceof Expr.Cmp c && reg != null && reg.merged() != null) return c.sreg() == 1 && c.op() == 0 && compareMerged(c.data());
        if (e instanceof Expr.Bitwise && reg != null && reg.merged() != null) return false;
        if (e instanceof Expr.Cmp c) return reg != null && c.sreg() == 1 && (c.op() == 0 || c.op() == 1) && compare(c.op() == 1, c.data());
        if (e instanceof Expr.Range g) return reg != null && g.sreg() == 1 && range(g.from(), g.to(), g.op() == 1);
        if (e instanceof Expr.Lookup l) return reg != null && l.sreg() == 1 && lookup(l);
        if (e instanceof Expr.Immediate i) return immediate(i);
        if (e instanceof Expr.Counter c) {
            words.add(new Clause("counter packets " + c.packets() + " bytes " + c.bytes(),
                    Map.of("counter", json("packets", c.packets(), "bytes", c.bytes()))));
            return true;
        }
        if (e instanceof Expr.Reject j) return reject(j);
        if (e instanceof Expr.Masq m) {
            if (m.flags() != 0) return false;
            words.add(new Clause("masquerade", single("masquerade")));
            return true;
        }
        if (e instanceof Expr.Nat n) return nat(n);
        if (e instanceof Expr.Xt x) return xt(x);
        return false;
    }

    private boolean compare(boolean neq, byte[] data) {
        String op = neq ? "!= " : "";
        if (reg.meta() == Fields.META_NFPROTO && reg.mask() == null && data.length >= 1) {
            int n = data[0] & 0xff;
            String v = n == Fields.NFPROTO_IPV4 ? "ipv4" : n == Fields.NFPROTO_IPV6 ? "ipv6" : String.valueOf(n);
            if (!neq) {
                nfproto = n;
                nfprotoAt = words.size();
            }
            words.add(matchClause("meta nfproto " + (neq ? "!= " : "") + v, Map.of("meta", Map.of("key", "nfproto")), neq ? "!=" : "==", v));
            return true;
        }
        if (reg.meta() == Fields.META_L4PROTO && reg.mask() == null && data.length >= 1) {
            String name = Values.protocol(data[0] & 0xff);
            if (!neq) {
                l4proto = data[0] & 0xff;
                l4protoAt = words.size();
            }
            words.add(matchClause("meta l4proto " + op + name, Map.of("meta", Map.of("key", "l4proto")), neq ? "!=" : "==", name));
            return true;
        }
        if (reg.meta() == Fields.META_IIFNAME || reg.meta() == Fields.META_OIFNAME) {
            if (reg.mask() != null) return false;
            String key = reg.meta() == Fields.META_IIFNAME ? "iifname" : "oifname";
            words.add(matchClause(key + " " + op + "\"" + ifname(data) + "\"", Map.of("meta", Map.of("key", key)), neq ? "!=" : "==", ifname(data)));
            return true;
        }
        if (reg.ct() == Fields.CT_STATE) return ctState(neq, data);
        if (reg.field() == null) return false;
        String value = Values.value(reg.field().kind(), data, reg.len(), reg.mask());
        if (value == null) return false;
        boolean protocolField = reg.field().kind() == Fields.Kind.PROTO;
        match(neq ? "!=" : "==", value, jsonValue(reg.field().kind(), value));
        if (protocolField && !neq) { // "ip protocol tcp" before a tcp field is a dependency too, which nft leaves out in an ip table
            l4proto = data[0] & 0xff;
            l4protoAt = table.family().equals(reg.field().protocol()) ? words.size() - 1 : -1;
        }
        return true;
    }

    /** The protocol whose header a payload base holds here: network by family or nfproto, transport by the l4 protocol matched. */
    private String header(int base) {
        if (base == Fields.BASE_NETWORK) {
            String f = table.family();
            if (f.equals("ip") || f.equals("ip6")) return f;
            return nfproto == Fields.NFPROTO_IPV4 ? "ip" : nfproto == Fields.NFPROTO_IPV6 ? "ip6" : null;
        }
        if (base == Fields.BASE_TRANSPORT) return Fields.transportName(l4proto);
        return null;
    }

    /**
     * The fields of {@code proto} that lie end to end from the load's offset and fill its length
     * exactly, or null.
     */
    private List<Fields.Field> adjacent(Expr.Payload p, String proto) {
        List<Fields.Field> run = new ArrayList<>();
        int at = p.offset(), end = p.offset() + p.len();
        while (at < end) {
            Fields.Field next = null;
            for (Fields.Field f : Fields.FIELDS) if (f.protocol().equals(proto) && f.base() == p.base() && f.offset() == at) next = f;
            if (next == null) return null;
            run.add(next);
            at += next.len();
        }
        return at == end && run.size() > 1 ? run : null;
    }

    /** An equality on adjacent fields loaded at once: one match per field, each on its slice of the value. */
    private boolean compareMerged(byte[] data) {
        if (data == null || data.length < reg.len()) return false;
        List<Fields.Field> run = reg.merged();
        int at = 0;
        for (Fields.Field f : run) {
            byte[] slice = java.util.Arrays.copyOfRange(data, at, at + f.len());
            at += f.len();
            reg = new Load(f, f.len(), -1, -1, null);
            if (!compare(false, slice)) return false;
        }
        return true;
    }

    /** Conntrack state bits are a u32 in host order (unlike header fields, which are in network order). */
    private boolean ctState(boolean neq, byte[] data) {
        long v = Values.host(data);
        if (reg.mask() == null) { // several states compared whole: nft writes them joined by " | "
            String names = ctNames(v);
            if (names == null) return false;
            // nft writes "==" before a single state only: "ct state == established", "ct state established | related"
            String op = neq ? "!= " : names.contains(",") ? "" : "== ";
            words.add(matchClause("ct state " + op + names.replace(",", " | "), Map.of("ct", Map.of("key", "state")),
                    neq ? "!=" : "==", names.contains(",") ? Map.of("|", List.of(names.split(","))) : names));
            return true;
        }
        if (!neq || v != 0) return false; // (state & mask) != 0: "ct state a,b"; other forms are not nft's
        String names = ctNames(Values.host(reg.mask()));
        if (names == null) return false;
        words.add(matchClause("ct state " + names, Map.of("ct", Map.of("key", "state")), "in", ctJson(names)));
        return true;
    }

    /** A match on the field in register 1; a dependency match just before it that the field implies is dropped. */
    private void match(String op, String value, Object json) {
        Fields.Field f = reg.field();
        int l4 = Fields.layer4(f);
        if (l4 >= 0 && l4 == l4proto && l4protoAt >= 0) words.set(l4protoAt, null);
        String l3 = Fields.layer3(f);
        if (l3 != null && nfprotoAt >= 0 && nfproto == (l3.equals("ip") ? Fields.NFPROTO_IPV4 : Fields.NFPROTO_IPV6)) words.set(nfprotoAt, null);
        // A network-layer match keeps a transport dependency open (iptables-nft writes meta l4proto
        // tcp, ip saddr, tcp dport; nft prints no meta l4proto); a transport match ends both.
        nfprotoAt = -1;
        if (l4 >= 0 || l3 == null) l4protoAt = -1;
        words.add(matchClause(f.text() + " " + (op.equals("!=") ? "!= " : "") + value,
                Map.of("payload", json("protocol", f.protocol(), "field", f.name())), op, json));
    }

    private static Clause matchClause(String text, Object left, String op, Object right) {
        return new Clause(text, Map.of("match", json("op", op, "left", left, "right", right)));
    }

    private boolean range(byte[] from, byte[] to, boolean neq) {
        if (reg == null || reg.field() == null || reg.mask() != null || reg.len() != reg.field().len()) return false;
        String a = Values.value(reg.field().kind(), from, reg.len(), null), b = Values.value(reg.field().kind(), to, reg.len(), null);
        if (a == null || b == null) return false;
        Fields.Kind k = reg.field().kind();
        match(neq ? "!=" : "==", a + "-" + b, Map.of("range", List.of(jsonValue(k, a), jsonValue(k, b))));
        return true;
    }

    private boolean lookup(Expr.Lookup l) {
        Ruleset.Set set = sets.get(l.set());
        if (set == null || !set.isAnonymous() || reg.mask() != null) return false;
        if (reg.meta() == Fields.META_L4PROTO) { // meta l4proto { tcp, udp }
            List<String> names = new ArrayList<>();
            for (Ruleset.Element el : set.elements()) {
                if (el.to() != null || el.from().length < 1) return false;
                names.add(Values.protocol(el.from()[0] & 0xff));
            }
            words.add(matchClause("meta l4proto " + (l.invert() ? "!= " : "") + "{ " + String.join(", ", names) + " }",
                    Map.of("meta", Map.of("key", "l4proto")), l.invert() ? "!=" : "==", Map.of("set", names)));
            return true;
        }
        if (reg.ct() == Fields.CT_STATE) { // ct state { established, related }: each element one state's bit, host order
            List<String> names = new ArrayList<>();
            for (Ruleset.Element el : set.elements()) {
                String n = el.to() == null && el.from().length == 4 ? Fields.nameOf(Fields.CT_STATES, (int) Values.host(el.from())) : null;
                if (n == null) return false;
                names.add(n);
            }
            words.add(matchClause("ct state " + (l.invert() ? "!= " : "") + "{ " + String.join(", ", names) + " }",
                    Map.of("ct", Map.of("key", "state")), l.invert() ? "!=" : "==", Map.of("set", names)));
            return true;
        }
        if (reg.field() == null) return false;
        List<String> items = new ArrayList<>();
        List<Object> json = new ArrayList<>();
        Fields.Kind k = reg.field().kind();
        for (Ruleset.Element el : set.elements()) {
            String prefix = (k == Fields.Kind.IPV4 || k == Fields.Kind.IPV6) && el.to() != null ? Values.prefix(el.from(), el.to()) : null;
            if (prefix != null) { // a range that is a whole prefix: nft writes the prefix
                items.add(prefix);
                json.add(jsonValue(k, prefix));
                continue;
            }
            String a = Values.value(k, el.from(), reg.len(), null);
            String b = el.to() == null ? null : Values.value(k, el.to(), reg.len(), null);
            if (a == null || el.to() != null && b == null) return false;
            items.add(b == null ? a : a + "-" + b);
            json.add(b == null ? jsonValue(k, a) : Map.of("range", List.of(jsonValue(k, a), jsonValue(k, b))));
        }
        match(l.invert() ? "!=" : "==", "{ " + String.join(", ", items) + " }", Map.of("set", json));
        return true;
    }

    private boolean immediate(Expr.Immediate i) {
        if (i.dreg() != 0) {
            if (i.dreg() >= values.length || i.value() == null) return false;
            values[i.dreg()] = i.value();
            return true;
        }
        Expr.Verdict v = i.verdict();
        if (v == null) return false;
        String w = switch (v.code()) {
            case Nfnl.NF_ACCEPT -> "accept";
            case Nfnl.NF_DROP -> "drop";
            case Nfnl.NFT_RETURN -> "return";
            case Nfnl.NFT_JUMP -> "jump " + v.chain();
            case Nfnl.NFT_GOTO -> "goto " + v.chain();
            case Nfnl.NFT_CONTINUE -> "continue";
            default -> null;
        };
        if (w == null) return false;
        Object json = v.chain() != null ? Map.of(w.substring(0, w.indexOf(' ')), Map.of("target", v.chain())) : single(w);
        words.add(new Clause(w, json));
        return true;
    }

    private boolean reject(Expr.Reject j) {
        String family = table.family();
        if (j.type() == 1) { // NFT_REJECT_TCP_RST: in an ip or ip6 table its meta l4proto tcp is nft's own (inet keeps it)
            if (l4proto == 6 && l4protoAt >= 0 && !family.equals("inet")) words.set(l4protoAt, null);
            words.add(new Clause("reject with tcp reset", Map.of("reject", Map.of("type", "tcp reset"))));
            return true;
        }
        boolean plain = j.type() == 0 && (family.equals("ip") && j.code() == 3 || family.equals("ip6") && j.code() == 4)
                || j.type() == 2 && j.code() == 1 && family.equals("inet");
        // In inet, after a match that makes the packet IPv4 or IPv6, nft rejects with that family's ICMP and says so.
        boolean named = j.type() == 0 && family.equals("inet")
                && (nfproto == Fields.NFPROTO_IPV4 && j.code() == 3 || nfproto == Fields.NFPROTO_IPV6 && j.code() == 4);
        if (named) {
            if (nfprotoAt >= 0) words.set(nfprotoAt, null); // the meta nfproto nft put before "reject with icmp ..." itself
            String type = nfproto == Fields.NFPROTO_IPV4 ? "icmp" : "icmpv6";
            words.add(new Clause("reject with " + type + " port-unreachable", Map.of("reject", json("type", type, "expr", "port-unreachable"))));
            return true;
        }
        if (!plain) return false;
        String type = j.type() == 2 ? "icmpx" : family.equals("ip6") ? "icmpv6" : "icmp";
        words.add(new Clause("reject", Map.of("reject", json("type", type, "expr", "port-unreachable"))));
        return true;
    }

    /** An x_tables extension iptables-nft left, in nft's words ({@link Xt#nftText}); in JSON {"xt": {type, name}}, as nft -j has it. */
    private boolean xt(Expr.Xt x) {
        String text = Xt.nftText(x, table.family());
        if (text == null) return false;
        words.add(new Clause(text, Map.of("xt", json("type", x.target() ? "target" : "match", "name", x.name()))));
        return true;
    }

    private boolean nat(Expr.Nat n) {
        if (n.type() != 0 && n.type() != 1) return false;
        byte[] addr = n.addrReg() > 0 && n.addrReg() < values.length ? values[n.addrReg()] : null;
        byte[] port = n.protoReg() > 0 && n.protoReg() < values.length ? values[n.protoReg()] : null;
        if (addr == null || (n.flags() & ~0x3) != 0) return false;
        String a = Values.address(addr);
        if (a == null) return false;
        String to = port == null ? a : (addr.length == 16 ? "[" + a + "]" : a) + ":" + (Values.be(port) & 0xffff);
        String fam = table.family().equals("inet") ? (addr.length == 4 ? "ip " : "ip6 ") : "";
        String kind = n.type() == 0 ? "snat" : "dnat";
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        if (!fam.isEmpty()) json.put("family", fam.strip());
        json.put("addr", a);
        if (port != null) json.put("port", Values.be(port) & 0xffff);
        words.add(new Clause(kind + " " + fam + "to " + to, Map.of(kind, json)));
        return true;
    }

    /** A value in nft's JSON: numbers as numbers, a prefix as {"prefix": {addr, len}}, names and addresses as text. */
    private static Object jsonValue(Fields.Kind kind, String text) {
        if (kind == Fields.Kind.PORT) return Integer.valueOf(text);
        if ((kind == Fields.Kind.IPV4 || kind == Fields.Kind.IPV6) && text.contains("/")) {
            int slash = text.indexOf('/');
            return Map.of("prefix", json("addr", text.substring(0, slash), "len", Integer.valueOf(text.substring(slash + 1))));
        }
        return text.chars().allMatch(Character::isDigit) && !text.isEmpty() ? Integer.valueOf(text) : text;
    }

    private static Object ctJson(String names) {
        return names.contains(",") ? List.of(names.split(",")) : names;
    }

    /** {"accept": null}: a statement without arguments. */
    private static Map<String, Object> single(String name) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(name, null);
        return m;
    }

    static Map<String, Object> json(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static boolean isAddress(Fields.Field f) {
        return f.kind() == Fields.Kind.IPV4 || f.kind() == Fields.Kind.IPV6;
    }

    private static String ctNames(long bits) {
        if (bits == 0) return null;
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Integer> e : Fields.CT_STATES.entrySet()) {
            if ((bits & e.getValue()) != 0) {
                names.add(e.getKey());
                bits &= ~e.getValue();
            }
        }
        return bits == 0 ? String.join(",", names) : null;
    }

    /** An interface name; compared without its NUL (fewer bytes than IFNAMSIZ, none zero) it is a prefix: "eth*". */
    private static String ifname(byte[] data) {
        int n = 0;
        while (n < data.length && data[n] != 0) n++;
        String name = new String(data, 0, n, StandardCharsets.UTF_8);
        return n == data.length && n < 16 ? name + "*" : name;
    }
}

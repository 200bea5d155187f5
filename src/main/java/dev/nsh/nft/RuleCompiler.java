package dev.nsh.nft;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import dev.nsh.netlink.nft.Nfnl;
import dev.nsh.nft.NftLexer.Token;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A rule's statements to nf_tables expressions, as nft 1.0 compiles them (nft --debug=netlink
 * shows the same): a field match loads the header bytes and compares them, after the dependency
 * nft adds itself (meta l4proto tcp before the first tcp field; meta nfproto ipv4 before an ip
 * field of an inet table); an address prefix loads fewer bytes or masks them; a port range is two
 * comparisons; { a, b } is an anonymous set, made in the same transaction; verdicts and the NAT
 * statements put their data in registers first. A value out of range, or a match that cannot be
 * in this family, is an error naming it and where it is, before anything is sent.
 */
final class RuleCompiler {
    /** An anonymous set a rule needs: made (NFT_MSG_NEWSET and NEWSETELEM) before the rule, in the same batch. */
    record AnonSet(int id, Fields.Kind kind, boolean interval, List<byte[][]> elements) {}

    record Compiled(List<Expr> exprs, List<AnonSet> sets) {}

    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("\\d+-\\d+"),
            NUMBER = java.util.regex.Pattern.compile("\\d{1,9}");

    private final String family;
    private final IntSupplier setIds;
    private final List<Expr> out = new ArrayList<>();
    private final List<AnonSet> sets = new ArrayList<>();
    private String l3;
    private int l4 = -1;

    private RuleCompiler(String family, IntSupplier setIds) {
        this.family = family;
        this.setIds = setIds;
        this.l3 = family.equals("ip") ? "ip" : family.equals("ip6") ? "ip6" : null;
    }

    static Compiled compile(Command.AddRule rule, IntSupplier setIds) {
        RuleCompiler c = new RuleCompiler(rule.family(), setIds);
        for (Command.Stmt s : rule.stmts()) c.stmt(s);
        return new Compiled(mergeAdjacent(c.out), c.sets);
    }

    /**
     * Two equality matches in a row on neighbouring fields of one header become one load and one
     * comparison, lower offset first, as nft does when the two fit in 32 bits ("tcp dport 22 tcp
     * sport 80" is 4 bytes at transport + 0; ip saddr and ip daddr stay apart).
     */
    static List<Expr> mergeAdjacent(List<Expr> in) {
        List<Expr> out = new ArrayList<>(in);
        for (int i = 0; i + 3 < out.size(); ) {
            if (out.get(i) instanceof Expr.Payload p1 && out.get(i + 1) instanceof Expr.Cmp c1 && out.get(i + 2) instanceof Expr.Payload p2
                    && out.get(i + 3) instanceof Expr.Cmp c2 && mergeable(p1, c1) && mergeable(p2, c2) && p1.base() == p2.base()
                    && p1.len() + p2.len() <= 4 && (p1.offset() + p1.len() == p2.offset() || p2.offset() + p2.len() == p1.offset())) {
                boolean inOrder = p1.offset() < p2.offset();
                Expr.Payload a = inOrder ? p1 : p2, b = inOrder ? p2 : p1;
                Expr.Cmp ca = inOrder ? c1 : c2, cb = inOrder ? c2 : c1;
                byte[] data = java.util.Arrays.copyOf(ca.data(), a.len() + b.len());
                System.arraycopy(cb.data(), 0, data, a.len(), b.len());
                out.set(i, new Expr.Payload(a.dreg(), a.base(), a.offset(), a.len() + b.len()));
                out.set(i + 1, new Expr.Cmp(ca.sreg(), 0, data));
                out.remove(i + 3);
                out.remove(i + 2);
            } else {
                i++;
            }
        }
        return out;
    }

    private static boolean mergeable(Expr.Payload p, Expr.Cmp c) {
        return c.op() == 0 && c.sreg() == p.dreg() && c.data().length == p.len();
    }

    private void stmt(Command.Stmt s) {
        if (s instanceof Command.Match m) match(m);
        else if (s instanceof Command.Verdict v) verdict(v);
        else if (s instanceof Command.Counter) out.add(new Expr.Counter(0, 0));
        else if (s instanceof Command.Reject r) reject(r);
        else if (s instanceof Command.Masquerade m) {
            needL3Family(m.at(), "masquerade");
            out.add(new Expr.Masq(0));
        } else if (s instanceof Command.Nat n) nat(n);
    }

    // ---- matches

    private void match(Command.Match m) {
        if (m.proto().equals("meta")) {
            meta(m);
            return;
        }
        if (m.proto().equals("ct")) {
            ct(m);
            return;
        }
        Fields.Field f = Fields.field(m.proto(), m.field());
        if (f == null) {
            List<String> names = Fields.FIELDS.stream().filter(x -> x.protocol().equals(m.proto())).map(Fields.Field::name).toList();
            throw NftParser.error(m.at(), m.proto() + " has no field \"" + m.field() + "\" in nsh's subset; it has " + String.join(", ", names));
        }
        String needs = Fields.layer3(f);
        if (needs != null) layer3(m.at(), needs);
        int proto = Fields.layer4(f);
        if (proto >= 0) layer4(m.at(), proto, f.protocol());
        if (m.set()) {
            lookup(m, f);
            return;
        }
        Token v = m.values().get(0);
        if (f.kind() == Fields.Kind.IPV4 || f.kind() == Fields.Kind.IPV6) {
            address(m, f, v);
        } else if (f.kind() == Fields.Kind.PORT && RANGE.matcher(v.text()).matches()) {
            int dash = v.text().indexOf('-');
            byte[] a = port(v, v.text().substring(0, dash)), b = port(v, v.text().substring(dash + 1));
            if ((Values.be(a) & 0xffff) > (Values.be(b) & 0xffff)) throw NftParser.error(v, "the range's start is above its end");
            out.add(load(f, f.len()));
            if (m.neq()) {
                out.add(new Expr.Range(1, 1, a, b));
            } else { // nft 1.0 writes a range as two comparisons
                out.add(new Expr.Cmp(1, 5, a));
                out.add(new Expr.Cmp(1, 3, b));
            }
        } else {
            out.add(load(f, f.len()));
            byte[] data = scalar(f.kind(), v);
            out.add(new Expr.Cmp(1, m.neq() ? 1 : 0, data));
            if (f.kind() == Fields.Kind.PROTO && !m.neq()) l4 = data[0] & 0xff; // ip protocol tcp: the dependency of a tcp field
        }
    }

    private void meta(Command.Match m) {
        switch (m.field()) {
            case "l4proto" -> {
                out.add(new Expr.Meta(1, Fields.META_L4PROTO));
                if (m.set()) {
                    lookupOf(m, Fields.Kind.PROTO);
                    return;
                }
                byte[] p = scalar(Fields.Kind.PROTO, m.values().get(0));
                out.add(new Expr.Cmp(1, m.neq() ? 1 : 0, p));
                if (!m.neq()) l4 = p[0] & 0xff;
            }
            case "nfproto" -> {
                Token v = m.values().get(0);
                int n = v.text().equals("ipv4") ? Fields.NFPROTO_IPV4 : v.text().equals("ipv6") ? Fields.NFPROTO_IPV6 : -1;
                if (n < 0 || m.set()) throw NftParser.error(v, "meta nfproto is ipv4 or ipv6");
                if (family.equals("ip") || family.equals("ip6")) {
                    throw NftParser.error(m.at(), "meta nfproto is for tables of family inet, bridge or netdev; a table of family " + family + " holds only " + family);
                }
                out.add(new Expr.Meta(1, Fields.META_NFPROTO));
                out.add(new Expr.Cmp(1, m.neq() ? 1 : 0, new byte[] {(byte) n}));
                if (!m.neq()) l3 = n == Fields.NFPROTO_IPV4 ? "ip" : "ip6";
            }
            case "iifname", "oifname" -> {
                if (m.set()) throw NftParser.error(m.at(), "a set of interface names is not in nsh's subset");
                Token v = m.values().get(0);
                byte[] name = v.text().getBytes(StandardCharsets.UTF_8);
                if (name.length == 0 || name.length > 15) throw NftParser.error(v, "an interface name is 1 to 15 bytes");
                boolean wildcard = v.text().endsWith("*") && v.text().length() > 1;
                if (v.text().indexOf('*') >= 0 && (!wildcard || v.text().indexOf('*') != v.text().length() - 1)) {
                    throw NftParser.error(v, "a * in an interface name stands only at its end (\"eth*\")");
                }
                out.add(new Expr.Meta(1, m.field().equals("iifname") ? Fields.META_IIFNAME : Fields.META_OIFNAME));
                // "eth*" is a comparison of the first bytes only (no NUL); a whole name is compared with its NUL padding
                out.add(new Expr.Cmp(1, m.neq() ? 1 : 0, wildcard ? java.util.Arrays.copyOf(name, name.length - 1) : java.util.Arrays.copyOf(name, 16)));
            }
            default -> throw NftParser.error(m.at(), "meta has no key \"" + m.field() + "\" in nsh's subset; it has l4proto, nfproto, iifname, oifname");
        }
    }

    /**
     * ct state, as nft compiles it: a list of states is a mask test ((state & bits) != 0), with
     * "==" or "!=" the state is compared whole, and { a, b } is a set of single states (u32 in
     * host order, as the kernel keeps the state).
     */
    private void ct(Command.Match m) {
        if (!m.field().equals("state")) throw NftParser.error(m.at(), "ct has no key \"" + m.field() + "\" in nsh's subset; it has state");
        int bits = 0;
        for (Token v : m.values()) {
            Integer b = Fields.CT_STATES.get(v.text());
            if (b == null) throw NftParser.error(v, "a conntrack state is one of " + String.join(", ", Fields.CT_STATES.keySet()));
            bits |= b;
        }
        out.add(new Expr.Ct(1, Fields.CT_STATE));
        if (m.set()) {
            List<byte[][]> elements = new ArrayList<>();
            for (Token v : m.values()) elements.add(new byte[][] {hostOrder(Fields.CT_STATES.get(v.text())), null});
            int id = setIds.getAsInt();
            sets.add(new AnonSet(id, Fields.Kind.CT_STATE, false, elements));
            out.add(new Expr.Lookup(1, "__set%d", id, m.neq()));
        } else if (m.neq() || m.eq()) {
            out.add(new Expr.Cmp(1, m.neq() ? 1 : 0, hostOrder(bits))); // ct state != established: the state compared whole
        } else {
            out.add(new Expr.Bitwise(1, 1, 4, hostOrder(bits), new byte[4]));
            out.add(new Expr.Cmp(1, 1, new byte[4])); // ct state new,established: (state & bits) != 0
        }
    }

    private static byte[] hostOrder(int v) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(v).array();
    }

    /** The field's address match: a full address compared, or a prefix, by a shorter load or by a mask. */
    private void address(Command.Match m, Fields.Field f, Token v) {
        boolean v4 = f.kind() == Fields.Kind.IPV4;
        Cidr c;
        try {
            c = Cidr.parse(v.text().contains("/") ? v.text() : v.text() + (v4 ? "/32" : "/128"), true);
        } catch (InvalidInputException e) {
            throw NftParser.error(v, "is not an " + (v4 ? "IPv4" : "IPv6") + " address or prefix");
        }
        if (c.address() instanceof Inet4Address != v4) throw NftParser.error(v, "is not an " + (v4 ? "IPv4" : "IPv6") + " address");
        byte[] net = c.network().getAddress();
        int prefix = c.prefix(), full = net.length * 8;
        if (prefix == full || prefix > 0 && prefix % 8 == 0) {
            out.add(load(f, prefix / 8));
            out.add(new Expr.Cmp(1, m.neq() ? 1 : 0, java.util.Arrays.copyOf(net, prefix / 8)));
            return;
        }
        byte[] mask = new byte[net.length];
        for (int i = 0; i < prefix; i++) mask[i / 8] |= (byte) (0x80 >> (i % 8));
        out.add(load(f, f.len()));
        out.add(new Expr.Bitwise(1, 1, f.len(), mask, new byte[net.length]));
        out.add(new Expr.Cmp(1, m.neq() ? 1 : 0, net));
    }

    private void lookup(Command.Match m, Fields.Field f) {
        out.add(load(f, f.len()));
        lookupOf(m, f.kind());
    }

    /** { a, b, c-d }: an anonymous set of the values (an interval set if any is a range), looked up by register 1. */
    private void lookupOf(Command.Match m, Fields.Kind kind) {
        List<byte[][]> elements = new ArrayList<>();
        boolean interval = false;
        for (Token v : m.values()) {
            if (kind == Fields.Kind.PORT && RANGE.matcher(v.text()).matches()) {
                int dash = v.text().indexOf('-');
                elements.add(new byte[][] {port(v, v.text().substring(0, dash)), port(v, v.text().substring(dash + 1))});
                interval = true;
            } else if (kind == Fields.Kind.IPV4 || kind == Fields.Kind.IPV6) {
                if (v.text().contains("/")) throw NftParser.error(v, "a prefix inside a set is not in nsh's subset");
                InetAddress a;
                try {
                    a = Cidr.parseAddress(v.text(), v.text());
                } catch (InvalidInputException e) {
                    throw NftParser.error(v, "is not an address");
                }
                if (a instanceof Inet4Address != (kind == Fields.Kind.IPV4)) throw NftParser.error(v, "is not of the field's address family");
                elements.add(new byte[][] {a.getAddress(), null});
            } else {
                elements.add(new byte[][] {scalar(kind, v), null});
            }
        }
        int id = setIds.getAsInt();
        sets.add(new AnonSet(id, kind, interval, elements));
        out.add(new Expr.Lookup(1, "__set%d", id, m.neq()));
    }

    // ---- dependencies

    private void layer3(Token at, String needs) {
        if (l3 != null && !l3.equals(needs)) throw NftParser.error(at, "conflicting protocols specified: " + l3 + " vs. " + needs);
        if (l3 == null) {
            if (!family.equals("inet") && !family.equals("bridge") && !family.equals("netdev")) {
                throw NftParser.error(at, needs + " matches are not for a table of family " + family);
            }
            out.add(new Expr.Meta(1, Fields.META_NFPROTO));
            out.add(new Expr.Cmp(1, 0, new byte[] {(byte) (needs.equals("ip") ? Fields.NFPROTO_IPV4 : Fields.NFPROTO_IPV6)}));
            l3 = needs;
        }
    }

    private void layer4(Token at, int proto, String name) {
        if (l4 == proto) return;
        if (l4 >= 0) throw NftParser.error(at, "conflicting protocols specified: " + Values.protocol(l4) + " vs. " + name);
        out.add(new Expr.Meta(1, Fields.META_L4PROTO));
        out.add(new Expr.Cmp(1, 0, new byte[] {(byte) proto}));
        l4 = proto;
    }

    private void needL3Family(Token at, String what) {
        if (!family.equals("ip") && !family.equals("ip6") && !family.equals("inet")) {
            throw NftParser.error(at, what + " is for tables of family ip, ip6 or inet, not " + family);
        }
    }

    // ---- statements

    private void verdict(Command.Verdict v) {
        int code = switch (v.kind()) {
            case "accept" -> Nfnl.NF_ACCEPT;
            case "drop" -> Nfnl.NF_DROP;
            case "return" -> Nfnl.NFT_RETURN;
            case "continue" -> Nfnl.NFT_CONTINUE;
            case "jump" -> Nfnl.NFT_JUMP;
            default -> Nfnl.NFT_GOTO;
        };
        out.add(new Expr.Immediate(0, null, new Expr.Verdict(code, v.chain())));
    }

    private void reject(Command.Reject r) {
        needL3Family(r.at(), "reject");
        if (r.withTcpReset()) {
            layer4(r.at(), 6, "tcp");
            out.add(new Expr.Reject(1, 0));
        } else if ("icmpx".equals(r.icmp())) {
            if (!family.equals("inet")) throw NftParser.error(r.at(), "icmpx is for tables of family inet");
            out.add(new Expr.Reject(2, 1));
        } else if (r.icmp() != null) {
            layer3(r.at(), r.icmp().equals("icmp") ? "ip" : "ip6");
            out.add(new Expr.Reject(0, l3.equals("ip") ? 3 : 4));
        } else {
            // ICMP port unreachable (3), ICMPv6 port unreachable (4); in inet the family's own when a match
            // made it IPv4 or IPv6 (as nft does), else icmpx port unreachable
            boolean v6 = family.equals("ip6") || family.equals("inet") && "ip6".equals(l3);
            out.add(family.equals("inet") && l3 == null ? new Expr.Reject(2, 1) : new Expr.Reject(0, v6 ? 4 : 3));
        }
    }

    private void nat(Command.Nat n) {
        needL3Family(n.at(), n.kind());
        String fam = n.family() != null ? n.family() : family.equals("inet") ? null : family;
        if (fam == null) throw NftParser.error(n.at(), n.kind() + " in an inet table names its family: " + n.kind() + " ip to ADDRESS");
        String text = n.to().text();
        String addr = text, port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) throw NftParser.error(n.to(), "an IPv6 address with a port is written [ADDRESS]:PORT");
            addr = text.substring(1, close);
            if (text.length() > close + 1) {
                if (text.charAt(close + 1) != ':') throw NftParser.error(n.to(), "an IPv6 address with a port is written [ADDRESS]:PORT");
                port = text.substring(close + 2);
            }
        } else if (fam.equals("ip") && text.contains(":")) {
            addr = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        InetAddress a;
        try {
            a = Cidr.parseAddress(addr, addr);
        } catch (InvalidInputException e) {
            throw NftParser.error(n.to(), "is not an address to " + n.kind() + " to");
        }
        if (a instanceof Inet4Address != fam.equals("ip")) throw NftParser.error(n.to(), "is not an " + (fam.equals("ip") ? "IPv4" : "IPv6") + " address");
        if (port != null && l4 != 6 && l4 != 17) {
            throw NftParser.error(n.to(), "a port to " + n.kind() + " to needs a tcp or udp match before it (tcp dport 80 " + n.kind() + " to ...)");
        }
        out.add(new Expr.Immediate(1, a.getAddress(), null));
        if (port != null) out.add(new Expr.Immediate(2, port(n.to(), port), null));
        int nfproto = fam.equals("ip") ? Fields.NFPROTO_IPV4 : Fields.NFPROTO_IPV6;
        out.add(new Expr.Nat(n.kind().equals("snat") ? 0 : 1, nfproto, 1, port == null ? 0 : 2, port == null ? 0 : 2));
    }

    // ---- values

    private static Expr.Payload load(Fields.Field f, int len) {
        return new Expr.Payload(1, f.base(), f.offset(), len);
    }

    /** One value of a field that is not an address: a port, a protocol, an ICMP type (name or number). */
    static byte[] scalar(Fields.Kind kind, Token v) {
        String s = v.text();
        switch (kind) {
            case PORT -> {
                return port(v, s);
            }
            case PROTO -> {
                return new byte[] {(byte) byName(v, Fields.PROTOCOLS, "protocol")};
            }
            case ICMP_TYPE -> {
                return new byte[] {(byte) byName(v, Fields.ICMP_TYPES, "icmp type")};
            }
            case ICMPV6_TYPE -> {
                return new byte[] {(byte) byName(v, Fields.ICMPV6_TYPES, "icmpv6 type")};
            }
            default -> throw NftParser.error(v, "is not a value nsh can compare");
        }
    }

    private static int byName(Token v, Map<String, Integer> names, String what) {
        Integer n = names.get(v.text());
        if (n != null) return n;
        if (!NUMBER.matcher(v.text()).matches()) {
            throw NftParser.error(v, "is not a " + what + " name or number (" + String.join(", ", names.keySet()) + ")");
        }
        int x = Integer.parseInt(v.text());
        if (x > 255) throw new InvalidInputException("nft: " + what + " " + x + " at " + v.at() + " is out of range 0..255");
        return x;
    }

    private static byte[] port(Token v, String s) {
        if (!NUMBER.matcher(s).matches()) throw NftParser.error(v, "is not a port number");
        int p = Integer.parseInt(s);
        if (p > 65535) throw new InvalidInputException("nft: port " + p + " at " + v.at() + " is out of range 0..65535");
        return new byte[] {(byte) (p >> 8), (byte) p};
    }
}

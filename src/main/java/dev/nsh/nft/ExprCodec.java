package dev.nsh.nft;

import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.nft.NftaBitwise;
import dev.nsh.netlink.nft.NftaCmp;
import dev.nsh.netlink.nft.NftaCounter;
import dev.nsh.netlink.nft.NftaCt;
import dev.nsh.netlink.nft.NftaData;
import dev.nsh.netlink.nft.NftaExpr;
import dev.nsh.netlink.nft.NftaExprList;
import dev.nsh.netlink.nft.NftaImmediate;
import dev.nsh.netlink.nft.NftaLookup;
import dev.nsh.netlink.nft.NftaMasq;
import dev.nsh.netlink.nft.NftaMeta;
import dev.nsh.netlink.nft.NftaNat;
import dev.nsh.netlink.nft.NftaPayload;
import dev.nsh.netlink.nft.NftaRange;
import dev.nsh.netlink.nft.NftaReject;
import dev.nsh.netlink.nft.NftaTarget;
import dev.nsh.netlink.nft.NftaVerdict;

import java.util.ArrayList;
import java.util.List;

/**
 * Expressions to and from their netlink form: NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA {
 * ... } }, each integer in network order, as libnftnl encodes them (nft --debug=netlink shows the
 * same expressions).
 */
final class ExprCodec {
    private ExprCodec() {}

    /** Appends {@code exprs} as the elements of an already opened NFTA_RULE_EXPRESSIONS. */
    static void encode(Request r, List<Expr> exprs) {
        for (Expr e : exprs) {
            r.begin(NftaExprList.ELEM).attr(NftaExpr.NAME, name(e)).begin(NftaExpr.DATA);
            data(r, e);
            r.end().end();
        }
    }

    static String name(Expr e) {
        if (e instanceof Expr.Payload) return "payload";
        if (e instanceof Expr.Cmp) return "cmp";
        if (e instanceof Expr.Range) return "range";
        if (e instanceof Expr.Meta) return "meta";
        if (e instanceof Expr.Ct) return "ct";
        if (e instanceof Expr.Bitwise) return "bitwise";
        if (e instanceof Expr.Immediate) return "immediate";
        if (e instanceof Expr.Counter) return "counter";
        if (e instanceof Expr.Lookup) return "lookup";
        if (e instanceof Expr.Reject) return "reject";
        if (e instanceof Expr.Nat) return "nat";
        if (e instanceof Expr.Masq) return "masq";
        if (e instanceof Expr.Xt x) return x.target() ? "target" : "match";
        return ((Expr.Unknown) e).name();
    }

    private static void data(Request r, Expr e) {
        if (e instanceof Expr.Payload p) {
            r.attr(NftaPayload.DREG, p.dreg()).attr(NftaPayload.BASE, p.base()).attr(NftaPayload.OFFSET, p.offset()).attr(NftaPayload.LEN, p.len());
        } else if (e instanceof Expr.Cmp c) {
            value(r.attr(NftaCmp.SREG, c.sreg()).attr(NftaCmp.OP, c.op()), NftaCmp.DATA, c.data());
        } else if (e instanceof Expr.Range g) {
            value(value(r.attr(NftaRange.SREG, g.sreg()).attr(NftaRange.OP, g.op()), NftaRange.FROM_DATA, g.from()), NftaRange.TO_DATA, g.to());
        } else if (e instanceof Expr.Meta m) {
            r.attr(NftaMeta.DREG, m.dreg()).attr(NftaMeta.KEY, m.key());
        } else if (e instanceof Expr.Ct c) {
            r.attr(NftaCt.DREG, c.dreg()).attr(NftaCt.KEY, c.key());
        } else if (e instanceof Expr.Bitwise b) {
            value(value(r.attr(NftaBitwise.SREG, b.sreg()).attr(NftaBitwise.DREG, b.dreg()).attr(NftaBitwise.LEN, b.len()),
                    NftaBitwise.MASK, b.mask()), NftaBitwise.XOR, b.xor());
        } else if (e instanceof Expr.Immediate i) {
            r.attr(NftaImmediate.DREG, i.dreg()).begin(NftaImmediate.DATA);
            if (i.verdict() != null) {
                r.begin(NftaData.VERDICT).attr(NftaVerdict.CODE, i.verdict().code());
                if (i.verdict().chain() != null) r.attr(NftaVerdict.CHAIN, i.verdict().chain());
                r.end();
            } else {
                r.attr(NftaData.VALUE, i.value());
            }
            r.end();
        } else if (e instanceof Expr.Lookup l) {
            r.attr(NftaLookup.SET, l.set()).attr(NftaLookup.SREG, l.sreg());
            if (l.setId() != 0) r.attr(NftaLookup.SET_ID, l.setId());
            if (l.invert()) r.attr(NftaLookup.FLAGS, 1);
        } else if (e instanceof Expr.Reject j) {
            r.attr(NftaReject.TYPE, j.type()).attr(NftaReject.ICMP_CODE, j.code());
        } else if (e instanceof Expr.Nat n) {
            r.attr(NftaNat.TYPE, n.type()).attr(NftaNat.FAMILY, n.family());
            if (n.addrReg() != 0) r.attr(NftaNat.REG_ADDR_MIN, n.addrReg());
            if (n.protoReg() != 0) r.attr(NftaNat.REG_PROTO_MIN, n.protoReg());
            if (n.flags() != 0) r.attr(NftaNat.FLAGS, n.flags());
        } else if (e instanceof Expr.Masq m) {
            if (m.flags() != 0) r.attr(NftaMasq.FLAGS, m.flags());
        } else if (e instanceof Expr.Xt x) {
            r.attr(NftaTarget.NAME, x.name()).attr(NftaTarget.REV, x.rev()).attr(NftaTarget.INFO, x.info());
        } else if (e instanceof Expr.Unknown u) {
            throw new IllegalArgumentException("expression " + u.name() + " cannot be encoded");
        }
        // Expr.Counter: a new counter starts at zero; nft sends it without attributes
    }

    private static Request value(Request r, dev.nsh.netlink.AttrType at, byte[] v) {
        return r.begin(at).attr(NftaData.VALUE, v).end();
    }

    /** The expressions of a rule's NFTA_RULE_EXPRESSIONS. */
    static List<Expr> decode(Attrs list) {
        List<Expr> out = new ArrayList<>();
        if (list == null) return out;
        for (Attrs e : list.nestedAll(NftaExprList.ELEM, NftaExpr.class)) out.add(decodeOne(e));
        return out;
    }

    private static Expr decodeOne(Attrs e) {
        String name = e.string(NftaExpr.NAME);
        Attrs d = e.nested(NftaExpr.DATA);
        if (name == null) return new Expr.Unknown("?");
        if (d == null) return name.equals("counter") ? new Expr.Counter(0, 0) : name.equals("masq") ? new Expr.Masq(0) : new Expr.Unknown(name);
        return switch (name) {
            case "payload" -> new Expr.Payload(reg(d, NftaPayload.DREG), (int) d.be32(NftaPayload.BASE, -1),
                    (int) d.be32(NftaPayload.OFFSET, -1), (int) d.be32(NftaPayload.LEN, -1));
            case "cmp" -> new Expr.Cmp(reg(d, NftaCmp.SREG), (int) d.be32(NftaCmp.OP, -1), bytes(d.nested(NftaCmp.DATA)));
            case "range" -> new Expr.Range(reg(d, NftaRange.SREG), (int) d.be32(NftaRange.OP, -1), bytes(d.nested(NftaRange.FROM_DATA)),
                    bytes(d.nested(NftaRange.TO_DATA)));
            case "meta" -> d.has(NftaMeta.SREG) ? new Expr.Unknown("meta set") : new Expr.Meta(reg(d, NftaMeta.DREG), (int) d.be32(NftaMeta.KEY, -1));
            case "ct" -> d.has(NftaCt.SREG) || d.has(NftaCt.DIRECTION) ? new Expr.Unknown("ct") : new Expr.Ct(reg(d, NftaCt.DREG), (int) d.be32(NftaCt.KEY, -1));
            case "bitwise" -> d.has(NftaBitwise.OP) && d.be32(NftaBitwise.OP, 0) != 0 ? new Expr.Unknown("bitwise shift")
                    : new Expr.Bitwise(reg(d, NftaBitwise.SREG), reg(d, NftaBitwise.DREG), (int) d.be32(NftaBitwise.LEN, 0),
                    bytes(d.nested(NftaBitwise.MASK)), bytes(d.nested(NftaBitwise.XOR)));
            case "immediate" -> immediate(d);
            case "counter" -> new Expr.Counter(d.be64(NftaCounter.PACKETS, 0), d.be64(NftaCounter.BYTES, 0));
            case "lookup" -> d.has(NftaLookup.DREG) ? new Expr.Unknown("map") : new Expr.Lookup(reg(d, NftaLookup.SREG),
                    d.string(NftaLookup.SET), (int) d.be32(NftaLookup.SET_ID, 0), (d.be32(NftaLookup.FLAGS, 0) & 1) != 0);
            case "reject" -> new Expr.Reject((int) d.be32(NftaReject.TYPE, 0), d.u8(NftaReject.ICMP_CODE, 0));
            case "nat" -> nat(d);
            case "masq" -> d.has(NftaMasq.REG_PROTO_MIN) ? new Expr.Unknown("masq to") : new Expr.Masq((int) d.be32(NftaMasq.FLAGS, 0));
            case "target", "match" -> new Expr.Xt(name.equals("target"), d.string(NftaTarget.NAME), reg(d, NftaTarget.REV), d.bytes(NftaTarget.INFO));
            default -> new Expr.Unknown(name);
        };
    }

    /** A nat to one address (and port): the kernel reports a maximum register equal to the minimum then; a range is not nsh's. */
    private static Expr nat(Attrs d) {
        int addr = reg(d, NftaNat.REG_ADDR_MIN), proto = reg(d, NftaNat.REG_PROTO_MIN);
        if (d.has(NftaNat.REG_ADDR_MAX) && reg(d, NftaNat.REG_ADDR_MAX) != addr) return new Expr.Unknown("nat range");
        if (d.has(NftaNat.REG_PROTO_MAX) && reg(d, NftaNat.REG_PROTO_MAX) != proto) return new Expr.Unknown("nat range");
        return new Expr.Nat((int) d.be32(NftaNat.TYPE, -1), (int) d.be32(NftaNat.FAMILY, 0), addr, proto, (int) d.be32(NftaNat.FLAGS, 0));
    }

    private static Expr immediate(Attrs d) {
        Attrs data = d.nested(NftaImmediate.DATA);
        int dreg = reg(d, NftaImmediate.DREG);
        if (data == null) return new Expr.Unknown("immediate");
        Attrs v = data.nested(NftaData.VERDICT);
        if (v != null) return new Expr.Immediate(dreg, null, new Expr.Verdict((int) v.be32(NftaVerdict.CODE, 0), v.string(NftaVerdict.CHAIN)));
        return new Expr.Immediate(dreg, data.bytes(NftaData.VALUE), null);
    }

    private static int reg(Attrs d, dev.nsh.netlink.AttrType t) {
        return (int) d.be32(t, 0);
    }

    private static byte[] bytes(Attrs data) {
        return data == null ? null : data.bytes(NftaData.VALUE);
    }
}

package dev.nsh.nft;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule in iptables' words, from the expressions iptables-nft writes: {@code meta l4proto},
 * addresses, ports, interfaces (which {@code -L} does not show), a counter, a verdict, and the
 * x_tables extensions it still uses (REJECT, LOG, MASQUERADE, icmp, comment). Anything else makes
 * the row unnamed, never a row that means something else.
 */
final class IptablesRule {
    private IptablesRule() {}

    /** A native reject's ICMP destination-unreachable code (RFC 792, 1812) as iptables' --reject-with names it. */
    private static final java.util.Map<Integer, String> ICMP_UNREACH = java.util.Map.of(0, "icmp-net-unreachable", 1, "icmp-host-unreachable",
            2, "icmp-proto-unreachable", 3, "icmp-port-unreachable", 9, "icmp-net-prohibited", 10, "icmp-host-prohibited", 13, "icmp-admin-prohibited");

    static IptablesTable.Row row(Ruleset.Table table, Ruleset.Rule rule) {
        IptablesTable.Row unnamed = new IptablesTable.Row("", "", "", "", "", rule.handle(), false);
        String target = "", prot = "0", src = "0.0.0.0/0", dst = "0.0.0.0/0";
        List<String> ports = new ArrayList<>(), extra = new ArrayList<>(), targetInfo = new ArrayList<>();
        Expr load = null;
        byte[] mask = null;
        for (Expr e : rule.exprs()) {
            if (e instanceof Expr.Payload || e instanceof Expr.Meta) {
                load = e;
                mask = null;
            } else if (e instanceof Expr.Bitwise b && load != null && b.xor() != null && Values.allZero(b.xor())) {
                mask = b.mask();
            } else if (e instanceof Expr.Cmp c && load != null && (c.op() == 0 || c.op() == 1) && c.sreg() == 1) {
                boolean neq = c.op() == 1;
                if (load instanceof Expr.Meta m && (m.key() == Fields.META_IIFNAME || m.key() == Fields.META_OIFNAME) && mask == null) {
                    continue; // -i and -o: shown by -v only
                } else if (load instanceof Expr.Meta m && m.key() == Fields.META_L4PROTO && !neq && mask == null) {
                    prot = String.valueOf(c.data()[0] & 0xff);
                } else if (load instanceof Expr.Payload p && p.base() == Fields.BASE_NETWORK && (p.offset() == 12 || p.offset() == 16)) {
                    String a = Values.value(Fields.Kind.IPV4, c.data(), p.len(), mask);
                    if (a == null) return unnamed;
                    a = (neq ? "!" : "") + a;
                    if (!(p.offset() == 12 ? src : dst).equals("0.0.0.0/0")) return unnamed; // a second match on it: not one column
                    if (p.offset() == 12) src = a;
                    else dst = a;
                } else if (load instanceof Expr.Payload p && p.base() == Fields.BASE_TRANSPORT && !neq && mask == null && isPort(prot, p)) {
                    if (p.offset() == 0 && p.len() == 4) { // sport and dport loaded at once
                        ports.add("spt:" + Values.be(slice(c.data(), 0)));
                        ports.add("dpt:" + Values.be(slice(c.data(), 2)));
                    } else {
                        ports.add((p.offset() == 0 ? "spt:" : "dpt:") + Values.be(c.data()));
                    }
                } else {
                    return unnamed;
                }
                load = null;
            } else if (e instanceof Expr.Range g && load instanceof Expr.Payload p && g.op() == 0 && p.base() == Fields.BASE_TRANSPORT
                    && p.len() == 2 && isPort(prot, p)) {
                ports.add((p.offset() == 0 ? "spts:" : "dpts:") + Values.be(g.from()) + ":" + Values.be(g.to()));
                load = null;
            } else if (e instanceof Expr.Counter) {
                // every iptables-nft rule counts
            } else if (e instanceof Expr.Immediate i && i.verdict() != null) {
                target = switch (i.verdict().code()) {
                    case dev.nsh.netlink.nft.Nfnl.NF_ACCEPT -> "ACCEPT";
                    case dev.nsh.netlink.nft.Nfnl.NF_DROP -> "DROP";
                    case dev.nsh.netlink.nft.Nfnl.NFT_RETURN -> "RETURN";
                    case dev.nsh.netlink.nft.Nfnl.NFT_JUMP -> i.verdict().chain();
                    case dev.nsh.netlink.nft.Nfnl.NFT_GOTO -> {
                        targetInfo.add("[goto]");
                        yield i.verdict().chain();
                    }
                    default -> null;
                };
                if (target == null) return unnamed;
            } else if (e instanceof Expr.Masq m && m.flags() == 0) {
                target = "MASQUERADE";
            } else if (e instanceof Expr.Reject j && (j.type() == 0 || j.type() == 1)) {
                target = "REJECT";
                String with = j.type() == 1 ? "tcp-reset" : ICMP_UNREACH.get(j.code());
                if (with == null) return unnamed;
                targetInfo.add("reject-with " + with);
            } else if (e instanceof Expr.Xt x) {
                String named = xt(x, extra, targetInfo);
                if (named == null) return unnamed;
                if (x.target()) target = named;
            } else {
                return unnamed;
            }
        }
        if (!ports.isEmpty()) extra.add(0, (prot.equals("6") ? "tcp " : "udp ") + String.join(" ", ports));
        extra.addAll(targetInfo);
        return new IptablesTable.Row(target, prot, hostless(src), hostless(dst), String.join(" ", extra), rule.handle(), true);
    }

    private static boolean isPort(String prot, Expr.Payload p) {
        return (prot.equals("6") || prot.equals("17")) && p.offset() <= 2 && (p.len() == 2 || p.offset() == 0 && p.len() == 4);
    }

    /** An x_tables target's name, or "" for a match; what it shows is added to {@code extra} or {@code targetInfo}; null if nsh does not know it. */
    private static String xt(Expr.Xt x, List<String> extra, List<String> targetInfo) {
        Integer with = Xt.rejectWith(x);
        if (with != null) {
            targetInfo.add("reject-with " + Xt.REJECT_WITH.get(with));
            return "REJECT";
        }
        Xt.Log log = Xt.log(x);
        if (log != null) {
            targetInfo.add("LOG flags " + log.flags() + " level " + log.level() + (log.prefix().isEmpty() ? "" : " prefix \"" + log.prefix() + "\""));
            return "LOG";
        }
        if (Xt.masquerade(x)) return "MASQUERADE";
        Xt.Conntrack ct = Xt.conntrack(x);
        if (ct != null) {
            extra.add((ct.alias() ? "state " : "ctstate ") + String.join(",", ct.states()));
            return "";
        }
        int[] icmp = Xt.icmp(x);
        if (icmp != null) {
            extra.add("icmptype " + icmp[0] + (icmp[1] == 0 && icmp[2] == 0xff ? "" : icmp[1] == icmp[2] ? " code " + icmp[1] : " codes " + icmp[1] + "-" + icmp[2]));
            return "";
        }
        String comment = Xt.comment(x);
        if (comment != null) {
            extra.add("/* " + comment + " */");
            return "";
        }
        return null;
    }

    /** iptables -n prints a single host without its /32. */
    private static String hostless(String a) {
        return a.endsWith("/32") ? a.substring(0, a.length() - 3) : a;
    }

    private static byte[] slice(byte[] b, int from) {
        return java.util.Arrays.copyOfRange(b, from, from + 2);
    }
}

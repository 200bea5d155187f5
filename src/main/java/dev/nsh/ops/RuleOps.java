package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.Cidr;
import dev.nsh.model.Names;
import dev.nsh.model.RuleInfo;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.FibRuleHdr;
import dev.nsh.netlink.rtnl.Fra;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;
import dev.nsh.sys.Sys;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ip rule}: policy routing rules (RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE with a
 * fib_rule_hdr and FRA_* attributes), listed, added and deleted, IPv4 and IPv6.
 */
public final class RuleOps {
    private RuleOps() {}

    /**
     * A rule: {@code from}/{@code to} null for all, {@code iif}/{@code oif} null for any,
     * {@code table} 0 for none (a non-lookup action), {@code priority} -1 for the kernel's choice,
     * {@code fwmark} -1 for none; {@code action} FR_ACT_*.
     */
    public record Spec(int family, Cidr from, Cidr to, String iif, String oif, long table, long priority, long fwmark, int action) {
        public Spec {
            if (from != null && to != null && from.isIPv4() != to.isIPv4()) {
                throw new InvalidInputException("rule from " + from + " to " + to + ": the two are not of one family");
            }
            if (iif != null) Names.iface(iif);
            if (oif != null) Names.iface(oif);
            if (priority < -1 || priority > 0xffffffffL) throw new InvalidInputException("rule priority " + priority + " is out of range; it must be 0 to 4294967295");
            if (fwmark < -1 || fwmark > 0xffffffffL) throw new InvalidInputException("rule fwmark " + fwmark + " is out of range; it must be 0 to 4294967295");
            RoutingTables.check("rule table", table);
        }

        /** Parses the text forms: "10.0.0.0/24" or a bare address (a host) for from and to; "all" or null is any. */
        public static Spec of(boolean ipv6, String from, String to, String iif, String oif, long table, long priority, long fwmark, String type) {
            Cidr f = from == null || from.equals("all") ? null : net(Cidr.parse(from, true));
            Cidr t = to == null || to.equals("all") ? null : net(Cidr.parse(to, true));
            int family = f != null ? Sys.family(f.address()) : t != null ? Sys.family(t.address()) : ipv6 ? Sys.AF_INET6 : Sys.AF_INET;
            if (ipv6 && family != Sys.AF_INET6) throw new InvalidInputException("rule from " + from + " to " + to + ": ipv6 is set but the addresses are IPv4");
            int action = switch (type == null ? "lookup" : type) {
                case "lookup" -> FibRuleHdr.ACT_TO_TBL;
                case "blackhole" -> FibRuleHdr.ACT_BLACKHOLE;
                case "unreachable" -> FibRuleHdr.ACT_UNREACHABLE;
                case "prohibit" -> FibRuleHdr.ACT_PROHIBIT;
                default -> throw new InvalidInputException("rule type \"" + type + "\" is not one; it must be lookup, blackhole, unreachable or prohibit");
            };
            return new Spec(family, f, t, iif, oif, table, priority, fwmark, action);
        }

        private static Cidr net(Cidr c) {
            return new Cidr(c.network(), c.prefix());
        }

        boolean selectsNothing() {
            return from == null && to == null && iif == null && oif == null && table == 0 && priority < 0 && fwmark < 0;
        }

        @Override
        public String toString() {
            return "from " + (from == null ? "all" : from) + (to == null ? "" : " to " + to) + (fwmark < 0 ? "" : " fwmark 0x" + Long.toHexString(fwmark))
                    + (iif == null ? "" : " iif " + iif) + (oif == null ? "" : " oif " + oif)
                    + (table == 0 ? "" : " lookup " + RuleInfo.tableName(table)) + (priority < 0 ? "" : " priority " + priority);
        }
    }

    /** {@code ip rule add}: a lookup without a table looks up main, as ip does; an identical rule is accepted. */
    public static void add(Netns ns, Spec spec) {
        Spec s = spec.action() == FibRuleHdr.ACT_TO_TBL && spec.table() == 0
                ? new Spec(spec.family(), spec.from(), spec.to(), spec.iif(), spec.oif(), RouteOps.MAIN, spec.priority(), spec.fwmark(), spec.action())
                : spec;
        Request r = request(Nl.RTM_NEWRULE, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, s);
        try {
            ns.netlink(sock -> sock.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EEXIST) return; // the kernel's rule_exists: every field the same
            throw KernelErrors.wrap("add rule " + s, ns, e);
        }
    }

    /** {@code ip rule del}: the first rule that matches every field given; one field at least (ip would take the first rule of all). */
    public static void delete(Netns ns, Spec spec) {
        if (spec.selectsNothing()) {
            throw new InvalidInputException("delete rule: name it by priority, from, to, iif, oif, fwmark or table (with none, ip rule del deletes the first rule)");
        }
        Request r = request(Nl.RTM_DELRULE, 0, spec);
        try {
            ns.netlink(sock -> sock.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT) throw new NshException("delete rule " + spec + " " + ns.where() + ": no such rule");
            throw KernelErrors.wrap("delete rule " + spec, ns, e);
        }
    }

    /** The rules of one family in the kernel's order (by priority), as {@code ip rule} / {@code ip -6 rule}. */
    public static List<RuleInfo> list(Netns ns, int family) {
        List<Message> msgs = ns.netlink(s -> s.dump(Request.of(Nl.RTM_GETRULE, 0).header(FibRuleHdr.class).set(FibRuleHdr.FAMILY, family)));
        List<RuleInfo> out = new ArrayList<>();
        for (Message m : msgs) {
            if (m.type != Nl.RTM_NEWRULE || m.get(FibRuleHdr.FAMILY) != family) continue;
            Attrs a = m.attrs(FibRuleHdr.class, Fra.class);
            out.add(new RuleInfo(ns.name(), family, a.u32(Fra.PRIORITY, 0), (m.get(FibRuleHdr.FLAGS) & FibRuleHdr.FLAG_INVERT) != 0,
                    a.ip(Fra.SRC), (int) m.get(FibRuleHdr.SRC_LEN), a.ip(Fra.DST), (int) m.get(FibRuleHdr.DST_LEN),
                    a.u32(Fra.FWMARK, 0), a.u32(Fra.FWMASK, 0), a.has(Fra.IIFNAME) ? a.string(Fra.IIFNAME) : null,
                    a.has(Fra.OIFNAME) ? a.string(Fra.OIFNAME) : null, a.u32(Fra.TABLE, m.get(FibRuleHdr.TABLE)), (int) m.get(FibRuleHdr.ACTION)));
        }
        return out;
    }

    private static Request request(int type, int flags, Spec s) {
        Request r = Request.of(type, flags).header(FibRuleHdr.class)
                .set(FibRuleHdr.FAMILY, s.family())
                .set(FibRuleHdr.SRC_LEN, s.from() == null ? 0 : s.from().prefix())
                .set(FibRuleHdr.DST_LEN, s.to() == null ? 0 : s.to().prefix())
                .set(FibRuleHdr.TABLE, RoutingTables.headerByte(s.table()))
                .set(FibRuleHdr.ACTION, type == Nl.RTM_DELRULE && s.table() == 0 && s.action() == FibRuleHdr.ACT_TO_TBL ? 0 : s.action());
        if (s.from() != null) r.attr(Fra.SRC, s.from().address());
        if (s.to() != null) r.attr(Fra.DST, s.to().address());
        if (s.iif() != null) r.attr(Fra.IIFNAME, s.iif());
        if (s.oif() != null) r.attr(Fra.OIFNAME, s.oif());
        if (s.priority() >= 0) r.attr(Fra.PRIORITY, s.priority());
        if (s.fwmark() >= 0) r.attr(Fra.FWMARK, s.fwmark());
        if (s.table() != RoutingTables.headerByte(s.table())) r.attr(Fra.TABLE, s.table());
        return r;
    }
}

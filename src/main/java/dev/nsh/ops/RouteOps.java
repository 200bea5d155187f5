package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.KernelException;
import dev.nsh.error.NshException;
import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;
import dev.nsh.model.RouteInfo;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.netlink.rtnl.RtMsg;
import dev.nsh.netlink.rtnl.Rta;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;
import dev.nsh.sys.Sys;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code ip route}: the main table or another, listed, added to and deleted from, IPv4 and IPv6. */
public final class RouteOps {
    private RouteOps() {}

    /**
     * What to add or delete: {@code dst} null means default; to add, {@code gateway} and
     * {@code dev} may each be null but not both ({@link #of}); to delete, both may be null
     * ({@link #selector}); {@code metric} 0 leaves it out; {@code table} 0 is the main table.
     */
    public record Spec(Cidr dst, InetAddress gateway, String dev, int metric, int family, long table) {
        public Spec {
            if (metric < 0) throw new InvalidInputException("route metric " + metric + " is negative; it must be 0 or more");
            RoutingTables.check("route table", table);
            if (dst != null && gateway != null && dst.isIPv4() != (gateway instanceof Inet4Address)) {
                throw new InvalidInputException("route to " + dst + " via " + Addresses.text(gateway) + ": the gateway is not of the destination's family");
            }
        }

        /** Parses "default" or "10.1.0.0/16" (a bare address is a host route), with "via" text. */
        public static Spec of(String dst, String via, String dev, int metric) {
            return of(dst, via, dev, metric, 0);
        }

        /** As {@link #of(String, String, String, int)}, in table {@code table} (0: main). */
        public static Spec of(String dst, String via, String dev, int metric, long table) {
            Spec s = selector(dst, via, dev, metric, table);
            if (s.gateway() == null && s.dev() == null) throw new InvalidInputException("route to " + (s.dst() == null ? "default" : s.dst()) + " needs a gateway (via) or a device (dev)");
            return s;
        }

        /** The routes to delete, as {@code ip route del}: gateway, device and metric narrow the match when given. */
        public static Spec selector(String dst, String via, String dev, int metric, long table) {
            Cidr d = dst == null || dst.equals("default") ? null : Cidr.parse(dst, true);
            InetAddress gw = via == null ? null : Cidr.parseAddress(via, via);
            int family = d != null ? Sys.family(d.address()) : gw == null || gw instanceof Inet4Address ? Sys.AF_INET : Sys.AF_INET6;
            if (d != null) d = new Cidr(d.network(), d.prefix());
            return new Spec(d, gw, dev, metric, family, table);
        }

        /** The table's number on the wire: RT_TABLE_MAIN (254) for 0. */
        public long tableId() {
            return table == 0 ? RtMsg.TABLE_MAIN : table;
        }

        @Override
        public String toString() {
            return (dst == null ? "default" : dst.toString()) + (gateway == null ? "" : " via " + Addresses.text(gateway))
                    + (dev == null ? "" : " dev " + dev) + (metric == 0 ? "" : " metric " + metric)
                    + (tableId() == RtMsg.TABLE_MAIN ? "" : " table " + tableId());
        }
    }

    /** RT_TABLE_MAIN, the table {@code ip route} shows. */
    public static final int MAIN = RtMsg.TABLE_MAIN;

    /** A route's table as ip names it ({@link RoutingTables#parse}); null is 0, the main table. */
    public static long table(String text) {
        return RoutingTables.parse("route table", text);
    }

    public static void add(Netns ns, Spec spec) {
        Request r = request(ns, Nl.RTM_NEWROUTE, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, spec);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            throw KernelErrors.wrap("add route " + spec, ns, e, "a route to " + (spec.dst() == null ? "default" : spec.dst()) + " already exists");
        }
    }

    /**
     * Adds the route unless it is there: an identical route (same destination, metric, gateway,
     * and device when one is given) is accepted; another route to the same destination and metric
     * is an error, with nothing changed. One request when nothing is in the way; the table is
     * read only to tell which case a refusal is.
     */
    public static void ensure(Netns ns, Spec spec) {
        try {
            add(ns, spec);
        } catch (KernelException e) {
            if (e.errno() != Errno.EEXIST) throw e;
            String dst = spec.dst() == null ? "default" : hostAware(spec.dst());
            for (RouteInfo r : list(ns, spec.family(), spec.tableId())) {
                if (!r.destination().equals(dst) || r.metric() != spec.metric()) continue;
                boolean same = (spec.gateway() == null ? r.gateway() == null : spec.gateway().equals(r.gateway()))
                        && (spec.dev() == null || spec.dev().equals(r.dev()));
                if (same) return;
                throw e.reworded("add route " + spec + " " + ns.where() + ": a different route to " + r.destination()
                        + " is in the way (" + r + ")");
            }
            throw e;
        }
    }

    /** "10.0.0.1" for a host route, as ip prints it; "10.1.0.0/16" otherwise. */
    private static String hostAware(Cidr c) {
        return c.prefix() == c.address().getAddress().length * 8 ? Addresses.text(c.address()) : c.toString();
    }

    public static void delete(Netns ns, Spec spec) {
        Request r = request(ns, Nl.RTM_DELROUTE, 0, spec);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ESRCH) throw new NshException("delete route " + spec + " " + ns.where() + ": no such route");
            throw KernelErrors.wrap("delete route " + spec, ns, e);
        }
    }

    /** The main table of one family, as {@code ip route} (AF_INET) or {@code ip -6 route} (AF_INET6) shows it. */
    public static List<RouteInfo> list(Netns ns, int family) {
        return list(ns, family, RtMsg.TABLE_MAIN);
    }

    /** Table {@code tableId} (254 main, 255 local, 1 to 2^32-16) of one family, as {@code ip route show table N}. */
    public static List<RouteInfo> list(Netns ns, int family, long tableId) {
        List<Message>[] both = ns.netlink(s -> new List[] {
                s.dump(Request.of(Nl.RTM_GETROUTE, 0).header(RtMsg.class).set(RtMsg.FAMILY, family)),
                s.dump(Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class))});
        Map<Integer, String> names = new HashMap<>();
        for (Message m : both[1]) {
            if (m.type == Nl.RTM_NEWLINK) names.put((int) m.get(IfInfoMsg.INDEX), m.attrs(IfInfoMsg.class, Ifla.class).string(Ifla.IFNAME));
        }
        List<RouteInfo> out = new ArrayList<>();
        for (Message m : both[0]) {
            if (m.type != Nl.RTM_NEWROUTE || m.get(RtMsg.FAMILY) != family) continue;
            Attrs a = m.attrs(RtMsg.class, Rta.class);
            long table = a.u32(Rta.TABLE, m.get(RtMsg.TABLE));
            if (table != tableId) continue;
            // ip -6 route hides cached clones and the kernel's unreachable default (type 7, fib6 null entry).
            if (family == Sys.AF_INET6 && (m.get(RtMsg.FLAGS) & 0x200) != 0) continue;
            int oif = (int) a.u32(Rta.OIF, 0);
            out.add(new RouteInfo(ns.name(), family, a.ip(Rta.DST), (int) m.get(RtMsg.DST_LEN), a.ip(Rta.GATEWAY), oif,
                    names.get(oif), (int) a.u32(Rta.PRIORITY, 0), (int) m.get(RtMsg.PROTOCOL), (int) m.get(RtMsg.SCOPE),
                    (int) m.get(RtMsg.TYPE), table, a.ip(Rta.PREFSRC), (int) m.get(RtMsg.FLAGS), a.u8(Rta.PREF, -1)));
        }
        return out;
    }

    private static Request request(Netns ns, int type, int flags, Spec spec) {
        boolean add = type == Nl.RTM_NEWROUTE;
        int scope = !add ? 255 : spec.gateway() == null ? RtMsg.SCOPE_LINK : RtMsg.SCOPE_UNIVERSE;
        if (spec.family() == Sys.AF_INET6 && add) scope = RtMsg.SCOPE_UNIVERSE;
        Request r = Request.of(type, flags).header(RtMsg.class)
                .set(RtMsg.FAMILY, spec.family()).set(RtMsg.DST_LEN, spec.dst() == null ? 0 : spec.dst().prefix())
                .set(RtMsg.TABLE, RoutingTables.headerByte(spec.tableId())).set(RtMsg.PROTOCOL, add ? RtMsg.PROT_BOOT : 0)
                .set(RtMsg.SCOPE, scope).set(RtMsg.TYPE, add ? RtMsg.RTN_UNICAST : 0);
        if (spec.dst() != null) r.attr(Rta.DST, spec.dst().address());
        if (spec.gateway() != null) r.attr(Rta.GATEWAY, spec.gateway());
        if (spec.dev() != null) r.attr(Rta.OIF, LinkOps.index(ns, spec.dev()));
        if (spec.metric() != 0) r.attr(Rta.PRIORITY, spec.metric());
        if (spec.tableId() != RtMsg.TABLE_MAIN) r.attr(Rta.TABLE, spec.tableId());
        return r;
    }
}

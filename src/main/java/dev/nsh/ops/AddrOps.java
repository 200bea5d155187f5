package dev.nsh.ops;

import dev.nsh.error.NshException;
import dev.nsh.model.AddrInfo;
import dev.nsh.model.Cidr;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.IfAddrMsg;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;
import dev.nsh.sys.Sys;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** {@code ip addr}: add, delete, list; IPv4 gets the broadcast that {@code brd +} gives. */
public final class AddrOps {
    private AddrOps() {}

    public static void add(Netns ns, String dev, Cidr cidr) {
        add(ns, dev, cidr, 0);
    }

    /** With address flags ({@link Ifa#F_NODAD}), sent as iproute2 does: in ifa_flags and IFA_FLAGS. */
    public static void add(Netns ns, String dev, Cidr cidr, int flags) {
        // Look-up and request in one hand-off to the namespace thread (nested calls run in place).
        ns.onThread(() -> {
            add(ns, dev, LinkOps.index(ns, dev), cidr, flags);
            return null;
        });
    }

    /**
     * Adds {@code cidr} unless it is already there: the same address with the same prefix length
     * is accepted (with {@code nodad} asked for, only if it has IFA_F_NODAD); the same address with
     * another prefix length is an error, before any change. Three requests whatever the size of
     * the namespace: the link's index, its addresses (a dump the kernel filters), the add.
     */
    public static void ensure(Netns ns, String dev, Cidr cidr, int flags) {
        ns.onThread(() -> {
            int idx = LinkOps.index(ns, dev);
            for (AddrInfo a : ofIndex(ns, idx, dev)) {
                if (!a.address().equals(cidr.address())) continue;
                if (a.prefix() != cidr.prefix()) {
                    throw new NshException("add address " + cidr + " to " + dev + " " + ns.where() + ": " + dev
                            + " already has " + a.cidr() + " with another prefix length");
                }
                if ((flags & Ifa.F_NODAD) != 0 && (a.flags() & Ifa.F_NODAD) == 0) {
                    throw new NshException("add address " + cidr + " with nodad to " + dev + " " + ns.where() + ": "
                            + dev + " has " + cidr + " already, with DAD; delAddr it first");
                }
                return null;
            }
            add(ns, dev, idx, cidr, flags);
            return null;
        });
    }

    /** The addresses of link {@code dev}, IPv4 then IPv6: one dump the kernel filters by the link (strict checking). */
    public static List<AddrInfo> ofLink(Netns ns, String dev) {
        return ns.onThread(() -> ofIndex(ns, LinkOps.index(ns, dev), dev));
    }

    private static List<AddrInfo> ofIndex(Netns ns, int idx, String dev) {
        List<Message> ms = ns.netlink(s -> s.dump(Request.of(Nl.RTM_GETADDR, 0).header(IfAddrMsg.class).set(IfAddrMsg.INDEX, idx)));
        return decode(ns, ms, i -> i == idx ? dev : null).stream().filter(a -> a.index() == idx).toList();
    }

    private static void add(Netns ns, String dev, int idx, Cidr cidr, int flags) {
        Request r = request(Nl.RTM_NEWADDR, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, idx, cidr);
        InetAddress brd = cidr.broadcast();
        if (brd != null) r.attr(Ifa.BROADCAST, brd);
        if (flags != 0) r.set(IfAddrMsg.FLAGS, flags & 0xff).attr(Ifa.FLAGS, flags);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EACCES && !cidr.isIPv4()) {
                throw e.reworded("add address " + cidr + " to " + dev + " " + ns.where() + ": IPv6 is off on " + dev
                        + " (net.ipv6.conf." + dev + ".disable_ipv6 is 1; an IPv4 lab turns it off on its links: make the lab"
                        + " with ipv6: true, or sysctl(\"net/ipv6/conf/" + dev + "/disable_ipv6\", 0) first)");
            }
            throw KernelErrors.wrap("add address " + cidr + " to " + dev, ns, e, dev + " already has " + cidr);
        }
    }

    public static void delete(Netns ns, String dev, Cidr cidr) {
        int idx = LinkOps.index(ns, dev);
        Request r = request(Nl.RTM_DELADDR, 0, idx, cidr);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) {
                throw new NshException("delete address " + cidr + " from " + dev + " " + ns.where() + ": " + dev + " has no such address");
            }
            throw KernelErrors.wrap("delete address " + cidr + " from " + dev, ns, e);
        }
    }

    /** Every address of the namespace, IPv4 then IPv6, per link in index order (as {@code ip addr}). */
    public static List<AddrInfo> list(Netns ns) {
        List<Message>[] both = ns.netlink(s -> new List[] {
                s.dump(Request.of(Nl.RTM_GETADDR, 0).header(IfAddrMsg.class)),
                s.dump(Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class))});
        Map<Integer, String> names = new HashMap<>();
        for (Message m : both[1]) {
            if (m.type == Nl.RTM_NEWLINK) names.put((int) m.get(IfInfoMsg.INDEX), m.attrs(IfInfoMsg.class, Ifla.class).string(Ifla.IFNAME));
        }
        return decode(ns, both[0], names::get);
    }

    private static List<AddrInfo> decode(Netns ns, List<Message> ms, IntFunction<String> nameOf) {
        List<AddrInfo> out = new ArrayList<>();
        for (Message m : ms) {
            if (m.type != Nl.RTM_NEWADDR) continue;
            Attrs a = m.attrs(IfAddrMsg.class, Ifa.class);
            InetAddress local = a.has(Ifa.LOCAL) ? a.ip(Ifa.LOCAL) : a.ip(Ifa.ADDRESS);
            if (local instanceof Inet6Address v6 && v6.getScopeId() != 0) local = strip(v6);
            int idx = (int) m.get(IfAddrMsg.INDEX);
            long flags = a.has(Ifa.FLAGS) ? a.u32(Ifa.FLAGS, 0) : m.get(IfAddrMsg.FLAGS);
            out.add(new AddrInfo(ns.name(), idx, nameOf.apply(idx), local, (int) m.get(IfAddrMsg.PREFIXLEN),
                    a.ip(Ifa.BROADCAST), (int) m.get(IfAddrMsg.SCOPE), a.string(Ifa.LABEL), (int) flags));
        }
        out.sort((x, y) -> x.index() != y.index() ? Integer.compare(x.index(), y.index())
                : Boolean.compare(!x.isIPv4(), !y.isIPv4()));
        return out;
    }

    private static Request request(int type, int flags, int idx, Cidr cidr) {
        return Request.of(type, flags).header(IfAddrMsg.class)
                .set(IfAddrMsg.FAMILY, Sys.family(cidr.address())).set(IfAddrMsg.PREFIXLEN, cidr.prefix())
                .set(IfAddrMsg.SCOPE, defaultScope(cidr.address())).set(IfAddrMsg.INDEX, idx)
                .attr(Ifa.LOCAL, cidr.address()).attr(Ifa.ADDRESS, cidr.address());
    }

    /** iproute2's default_scope: host for loopback addresses, link for IPv6 link-local, else global. */
    static int defaultScope(InetAddress a) {
        if (a.isLoopbackAddress()) return 254;
        if (a instanceof Inet6Address && a.isLinkLocalAddress()) return 253;
        return 0;
    }

    private static InetAddress strip(Inet6Address a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.nsh.ops;

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

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
            int idx = LinkOps.index(ns, dev);
            Request r = request(Nl.RTM_NEWADDR, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, idx, cidr);
            InetAddress brd = cidr.broadcast();
            if (brd != null) r.attr(Ifa.BROADCAST, brd);
            if (flags != 0) r.set(IfAddrMsg.FLAGS, flags & 0xff).attr(Ifa.FLAGS, flags);
            try {
                return ns.netlink(s -> s.request(r));
            } catch (NetlinkException e) {
                throw KernelErrors.wrap("add address " + cidr + " to " + dev, ns, e, dev + " already has " + cidr);
            }
        });
    }

    public static void delete(Netns ns, String dev, Cidr cidr) {
        int idx = LinkOps.index(ns, dev);
        Request r = request(Nl.RTM_DELADDR, 0, idx, cidr);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) {
                throw new dev.nsh.NshException("delete address " + cidr + " from " + dev + " " + ns.where() + ": " + dev + " has no such address");
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
        List<AddrInfo> out = new ArrayList<>();
        for (Message m : both[0]) {
            if (m.type != Nl.RTM_NEWADDR) continue;
            Attrs a = m.attrs(IfAddrMsg.class, Ifa.class);
            InetAddress local = a.has(Ifa.LOCAL) ? a.ip(Ifa.LOCAL) : a.ip(Ifa.ADDRESS);
            if (local instanceof Inet6Address v6 && v6.getScopeId() != 0) local = strip(v6);
            int idx = (int) m.get(IfAddrMsg.INDEX);
            long flags = a.has(Ifa.FLAGS) ? a.u32(Ifa.FLAGS, 0) : m.get(IfAddrMsg.FLAGS);
            out.add(new AddrInfo(ns.name(), idx, names.get(idx), local, (int) m.get(IfAddrMsg.PREFIXLEN),
                    a.ip(Ifa.BROADCAST), (int) m.get(IfAddrMsg.SCOPE), a.string(Ifa.LABEL), (int) flags));
        }
        out.sort((x, y) -> x.index() != y.index() ? Integer.compare(x.index(), y.index())
                : Boolean.compare(!x.isIPv4(), !y.isIPv4()));
        return out;
    }

    private static Request request(int type, int flags, int idx, Cidr cidr) {
        return Request.of(type, flags).header(IfAddrMsg.class)
                .set(IfAddrMsg.FAMILY, cidr.family()).set(IfAddrMsg.PREFIXLEN, cidr.prefix())
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

package dev.nsh.ops;

import dev.nsh.error.NshException;
import dev.nsh.model.Cidr;
import dev.nsh.model.NeighInfo;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.netlink.rtnl.NdMsg;
import dev.nsh.netlink.rtnl.Nda;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;
import dev.nsh.sys.Sys;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code ip neigh}: list (ARP and NDP), add and delete permanent entries. */
public final class NeighOps {
    private NeighOps() {}

    /** Every entry but NOARP ones, as {@code ip neigh} shows by default. */
    public static List<NeighInfo> list(Netns ns) {
        List<Message>[] both = ns.netlink(s -> new List[] {
                s.dump(Request.of(Nl.RTM_GETNEIGH, 0).header(NdMsg.class)),
                s.dump(Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class))});
        Map<Integer, String> names = new HashMap<>();
        for (Message m : both[1]) {
            if (m.type == Nl.RTM_NEWLINK) names.put((int) m.get(IfInfoMsg.INDEX), m.attrs(IfInfoMsg.class, Ifla.class).string(Ifla.IFNAME));
        }
        List<NeighInfo> out = new ArrayList<>();
        for (Message m : both[0]) {
            if (m.type != Nl.RTM_NEWNEIGH) continue;
            int state = (int) m.get(NdMsg.STATE);
            if ((state & Nda.NUD_NOARP) != 0) continue;
            int family = (int) m.get(NdMsg.FAMILY);
            if (family != Sys.AF_INET && family != Sys.AF_INET6) continue;
            Attrs a = m.attrs(NdMsg.class, Nda.class);
            int idx = (int) m.get(NdMsg.IFINDEX);
            out.add(new NeighInfo(ns.name(), a.ip(Nda.DST), a.mac(Nda.LLADDR), state, idx, names.get(idx)));
        }
        return out;
    }

    /** A permanent entry: {@code ip neigh add IP lladdr MAC dev DEV nud permanent}. */
    public static void add(Netns ns, String dev, String ip, String mac) {
        InetAddress addr = Cidr.parseAddress(ip, ip);
        byte[] ll = LinkOps.parseMac(mac);
        int idx = LinkOps.index(ns, dev);
        Request r = request(Nl.RTM_NEWNEIGH, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, idx, addr, Nda.NUD_PERMANENT).attr(Nda.LLADDR, ll);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            throw KernelErrors.wrap("add neighbour " + ip + " on " + dev, ns, e, dev + " already has a neighbour entry for " + ip);
        }
    }

    public static void delete(Netns ns, String dev, String ip) {
        InetAddress addr = Cidr.parseAddress(ip, ip);
        int idx = LinkOps.index(ns, dev);
        Request r = request(Nl.RTM_DELNEIGH, 0, idx, addr, 0);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT) throw new NshException("delete neighbour " + ip + " on " + dev + " " + ns.where() + ": no such entry");
            throw KernelErrors.wrap("delete neighbour " + ip + " on " + dev, ns, e);
        }
    }

    /**
     * Many permanent entries on one link in one visit to the namespace's thread
     * ({@code ip neigh replace IP lladdr MAC dev DEV nud permanent} for each): an entry already
     * there is replaced. Labs use it for static ARP, as Mininet's --arp does: the kernel's ARP
     * table is shared by all namespaces (gc_thresh3, 1024 dynamic entries in all), and permanent
     * entries do not count against it.
     */
    public static void replacePermanent(Netns ns, String dev, Map<InetAddress, String> macs) {
        if (macs.isEmpty()) return;
        List<Request> rs = new ArrayList<>();
        List<InetAddress> what = new ArrayList<>();
        int idx = LinkOps.index(ns, dev);
        for (Map.Entry<InetAddress, String> e : macs.entrySet()) {
            rs.add(request(Nl.RTM_NEWNEIGH, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE, idx, e.getKey(), Nda.NUD_PERMANENT)
                    .attr(Nda.LLADDR, LinkOps.parseMac(e.getValue())));
            what.add(e.getKey());
        }
        Map<Integer, NetlinkException> failed = ns.netlink(s -> s.requestBatch(rs));
        if (!failed.isEmpty()) {
            Map.Entry<Integer, NetlinkException> f = failed.entrySet().iterator().next();
            throw KernelErrors.wrap("replace neighbour " + what.get(f.getKey()).getHostAddress() + " on " + dev, ns, f.getValue());
        }
    }

    private static Request request(int type, int flags, int idx, InetAddress addr, int state) {
        return Request.of(type, flags).header(NdMsg.class)
                .set(NdMsg.FAMILY, addr instanceof Inet4Address ? Sys.AF_INET : Sys.AF_INET6).set(NdMsg.IFINDEX, idx).set(NdMsg.STATE, state)
                .attr(Nda.DST, addr);
    }
}

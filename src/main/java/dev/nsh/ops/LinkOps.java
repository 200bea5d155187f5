package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.KernelException;
import dev.nsh.error.NshException;
import dev.nsh.model.LinkInfo;
import dev.nsh.model.Names;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.netlink.rtnl.IflaInfo;
import dev.nsh.netlink.rtnl.VethInfo;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ns.PeerNamespaces;
import dev.nsh.sys.Errno;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** {@code ip link}: list, create (veth, bridge), set (up, mtu, mac, name, netns, master), delete. */
public final class LinkOps {
    private LinkOps() {}

    private static final String[] OPER_STATES = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
            "DORMANT", "UP"};

    /** Every link of the namespace, in index order, as {@code ip link show}. */
    public static List<LinkInfo> list(Netns ns) {
        List<Message> msgs;
        try {
            msgs = ns.netlink(s -> s.dump(Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class)));
        } catch (NetlinkException e) {
            throw KernelErrors.wrap("list links", ns, e);
        }
        Map<Integer, Attrs> byIndex = new HashMap<>();
        Map<Integer, Long> flagsByIndex = new HashMap<>();
        for (Message m : msgs) {
            if (m.type != Nl.RTM_NEWLINK) continue;
            int idx = (int) m.get(IfInfoMsg.INDEX);
            byIndex.put(idx, m.attrs(IfInfoMsg.class, Ifla.class));
            flagsByIndex.put(idx, m.get(IfInfoMsg.FLAGS));
        }
        Map<Integer, String> nsids = new HashMap<>(); // a listing names each peer namespace once
        List<LinkInfo> out = new ArrayList<>();
        for (Message m : msgs) {
            if (m.type != Nl.RTM_NEWLINK) continue;
            out.add(decode(ns, m, i -> byIndex.containsKey(i) ? byIndex.get(i).string(Ifla.IFNAME) : null,
                    i -> flagsByIndex.getOrDefault(i, -1L), id -> nsids.computeIfAbsent(id, k -> NsidNames.name(ns, k))));
        }
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /** The link called {@code name}, or null if the namespace has none; a peer's namespace is named. */
    public static LinkInfo find(Netns ns, String name) {
        Names.iface(name);
        Message m = getByName(ns, name);
        if (m == null) return null;
        return decode(ns, m, i -> nameOf(ns, i), i -> flagsOf(ns, i), id -> NsidNames.name(ns, id));
    }

    /** As {@link #get}, without naming a peer's namespace (its nsid is there): a bounded number of requests. */
    public static LinkInfo getUnnamed(Netns ns, String name) {
        Names.iface(name);
        LinkInfo l = findUnnamed(ns, name);
        if (l == null) throw notFound(ns, name);
        return l;
    }

    /** As {@link #find}, without naming a peer's namespace (its nsid is there): a bounded number of requests. */
    private static LinkInfo findUnnamed(Netns ns, String name) {
        Message m = getByName(ns, name);
        return m == null ? null : decode(ns, m, i -> nameOf(ns, i), i -> flagsOf(ns, i), id -> null);
    }

    /** The link called {@code name}; a clear error if there is none. */
    public static LinkInfo get(Netns ns, String name) {
        LinkInfo l = find(ns, name);
        if (l == null) throw notFound(ns, name);
        return l;
    }

    /** The MAC address of {@code name} ("aa:bb:..."), one round trip. */
    public static String mac(Netns ns, String name) {
        Names.iface(name);
        Message m = getByName(ns, name);
        if (m == null) throw notFound(ns, name);
        return m.attrs(IfInfoMsg.class, Ifla.class).mac(Ifla.ADDRESS);
    }

    /** The ifindex of {@code name}, one round trip. */
    public static int index(Netns ns, String name) {
        Names.iface(name);
        Message m = getByName(ns, name);
        if (m == null) throw notFound(ns, name);
        return (int) m.get(IfInfoMsg.INDEX);
    }

    /**
     * A veth pair in one request: {@code name} in {@code ns}, {@code peerName} in {@code peerNs}
     * (null: the same namespace), each end created directly where it belongs (IFLA_NET_NS_FD).
     */
    public static void createVeth(Netns ns, String name, Netns peerNs, String peerName) {
        Names.iface(name);
        Names.iface(peerName);
        Netns where = peerNs == null ? ns : peerNs;
        if (where == ns && name.equals(peerName)) {
            throw new InvalidInputException("veth " + name + ": both ends have the same name in " + ns.name() + "; give the peer another name");
        }
        Request r = Request.of(Nl.RTM_NEWLINK, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL).header(IfInfoMsg.class)
                .attr(Ifla.IFNAME, name)
                .begin(Ifla.LINKINFO).attr(IflaInfo.KIND, "veth")
                .begin(IflaInfo.DATA).begin(VethInfo.PEER).header(IfInfoMsg.class).attr(Ifla.IFNAME, peerName);
        boolean across = peerNs != null && peerNs != ns;
        try {
            if (across) {
                peerNs.withFd(fd -> ns.netlink(s -> s.request(r.attr(Ifla.NET_NS_FD, fd).end().end().end())));
                joined(ns, peerNs);
            } else {
                r.end().end().end();
                ns.netlink(s -> s.request(r));
            }
        } catch (NetlinkException e) {
            String hint = null;
            if (e.errno() == Errno.EEXIST) {
                hint = find(ns, name) != null ? "a link named " + name + " already exists " + ns.where()
                        : "a link named " + peerName + " already exists " + where.where();
            }
            throw KernelErrors.wrap("create veth " + name + " (peer " + peerName + " " + where.where() + ")", ns, e, hint);
        }
    }

    /** A bridge (IFLA_INFO_KIND "bridge"). */
    public static void createBridge(Netns ns, String name) {
        Names.iface(name);
        Request r = Request.of(Nl.RTM_NEWLINK, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL).header(IfInfoMsg.class)
                .attr(Ifla.IFNAME, name)
                .begin(Ifla.LINKINFO).attr(IflaInfo.KIND, "bridge").end();
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            throw KernelErrors.wrap("create bridge " + name, ns, e, "a link named " + name + " already exists");
        }
    }

    /**
     * The veth pair {@code name} in {@code ns}, {@code peerName} in {@code peerNs} (null: {@code ns}),
     * made unless it is there already: an identical pair is accepted; a link of that name that is
     * not this pair, or the peer's name taken, is an error before any change. Made in one request
     * when nothing is in the way; only then does anything else get asked.
     */
    public static void ensureVeth(Netns ns, String name, Netns peerNs, String peerName) {
        Netns where = peerNs == null ? ns : peerNs;
        try {
            createVeth(ns, name, peerNs, peerName);
        } catch (KernelException e) {
            if (e.errno() != Errno.EEXIST) throw e;
            LinkInfo local = findUnnamed(ns, name);
            String what = "create veth " + name + " " + ns.where();
            if (local == null) {
                LinkInfo taken = findUnnamed(where, peerName);
                if (taken == null) throw e; // gone again meanwhile: the kernel's word stands
                throw e.reworded(what + ": the peer name " + peerName + " is taken " + where.where() + " by a "
                        + kindText(taken));
            }
            if (!"veth".equals(local.kind())) {
                throw e.reworded(what + ": the name is taken by a " + kindText(local));
            }
            if (isPeer(ns, local, where, peerName)) return;
            String nowIn = local.peerNetnsId() < 0 ? ns.name() : NsidNames.name(ns, local.peerNetnsId());
            String peerWhere = nowIn != null ? nowIn : "a namespace with no name (nsid " + local.peerNetnsId() + ")";
            String peerNow = local.peerNetnsId() < 0 ? local.peerName() : nameInNsid(ns, local.peerNetnsId(), local.peerIndex());
            throw e.reworded(what + ": it exists with its peer " + peerNow + " in " + peerWhere + ", not " + peerName + " in "
                    + where.name());
        }
    }

    /** Whether veth {@code local} of {@code ns} has its other end called {@code peerName} in {@code where}: two requests. */
    private static boolean isPeer(Netns ns, LinkInfo local, Netns where, String peerName) {
        if (where == ns) return local.peerNetnsId() < 0 && peerName.equals(local.peerName());
        if (local.peerNetnsId() < 0 || local.peerNetnsId() != where.withFd(fd -> NsidNames.nsidOf(ns, fd))) return false;
        Message m = getByName(where, peerName);
        return m != null && (int) m.get(IfInfoMsg.INDEX) == local.peerIndex();
    }

    /**
     * The name of link {@code index} of the namespace {@code ns} calls {@code nsid}, or "#INDEX":
     * asked of {@code ns} itself with IFLA_TARGET_NETNSID, which in a GET request only reads (in a
     * set request it would move the link: docs/KERNEL.md), so no handle on that namespace is opened.
     */
    private static String nameInNsid(Netns ns, int nsid, int index) {
        try {
            List<Message> r = ns.netlink(s -> s.request(Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class)
                    .set(IfInfoMsg.INDEX, index).attr(Ifla.TARGET_NETNSID, nsid)));
            String n = r.isEmpty() ? null : r.get(0).attrs(IfInfoMsg.class, Ifla.class).string(Ifla.IFNAME);
            return n == null ? "#" + index : n;
        } catch (KernelException e) {
            return "#" + index;
        }
    }

    /** The bridge {@code name}, made (down) unless there; a link of another kind by that name is an error. */
    public static void ensureBridge(Netns ns, String name) {
        try {
            createBridge(ns, name);
        } catch (KernelException e) {
            if (e.errno() != Errno.EEXIST) throw e;
            LinkInfo l = findUnnamed(ns, name);
            if (l == null) throw e;
            if (!"bridge".equals(l.kind())) {
                throw e.reworded("bridge " + name + " " + ns.where() + ": a link of kind " + (l.kind() == null ? "device" : l.kind())
                        + " already has that name");
            }
        }
    }

    private static String kindText(LinkInfo l) {
        return (l.kind() == null ? "device" : l.kind()) + " link";
    }

    private static void joined(Netns a, Netns b) {
        a.peers().joined(b);
        b.peers().joined(a);
    }

    public static void setUp(Netns ns, String name, boolean up) {
        set(ns, name, up ? "set " + name + " up" : "set " + name + " down",
                r -> r.set(IfInfoMsg.FLAGS, up ? LinkInfo.IFF_UP : 0).set(IfInfoMsg.CHANGE, LinkInfo.IFF_UP));
    }

    public static void setMtu(Netns ns, String name, int mtu) {
        if (mtu < 68 || mtu > 65535) {
            throw new InvalidInputException("mtu " + mtu + " for " + name + " is out of range; it must be 68 to 65535");
        }
        set(ns, name, "set mtu " + mtu + " on " + name, r -> r.attr(Ifla.MTU, mtu));
    }

    public static void setMac(Netns ns, String name, String mac) {
        byte[] b = parseMac(mac);
        set(ns, name, "set address " + mac + " on " + name, r -> r.attr(Ifla.ADDRESS, b));
    }

    public static void rename(Netns ns, String name, String newName) {
        Names.iface(newName);
        int idx = index(ns, name);
        Request r = Request.of(Nl.RTM_SETLINK, 0).header(IfInfoMsg.class).set(IfInfoMsg.INDEX, idx)
                .attr(Ifla.IFNAME, newName);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            throw KernelErrors.wrap("rename " + name + " to " + newName, ns, e, "a link named " + newName + " already exists");
        }
    }

    /** Moves a link into {@code target} (ip link set NAME netns TARGET). */
    public static void moveTo(Netns ns, String name, Netns target) {
        if (!target.isOpen()) throw new NshException("move " + name + " " + ns.where() + ": namespace " + target.name() + " was deleted");
        if (target == ns) return;
        try {
            target.withFd(fd -> {
                set(ns, name, "move " + name + " to " + target.name(), r -> r.attr(Ifla.NET_NS_FD, fd));
                return null;
            });
            joined(ns, target);
        } catch (KernelException e) {
            if (e.errno() != Errno.EEXIST) throw e;
            throw e.reworded("move " + name + " " + ns.where() + " to " + target.name() + ": a link named " + name
                    + " already exists " + target.where() + " (EEXIST)");
        }
    }

    /** Makes {@code name} a port of bridge {@code bridge}; null releases it (nomaster). */
    public static void setMaster(Netns ns, String name, String bridge) {
        int master = bridge == null ? 0 : index(ns, bridge);
        set(ns, name, bridge == null ? "release " + name + " from its master" : "add " + name + " to " + bridge,
                r -> r.attr(Ifla.MASTER, master));
    }

    public static void delete(Netns ns, String name) {
        Names.iface(name);
        Request r = Request.of(Nl.RTM_DELLINK, 0).header(IfInfoMsg.class).attr(Ifla.IFNAME, name);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) throw notFound(ns, name);
            throw KernelErrors.wrap("delete link " + name, ns, e);
        }
    }

    /** RTM_SETLINK selecting the link by IFLA_IFNAME (ifi_index 0), so one round trip. */
    private static void set(Netns ns, String name, String what, java.util.function.Consumer<Request> fill) {
        Names.iface(name);
        Request r = Request.of(Nl.RTM_SETLINK, 0).header(IfInfoMsg.class);
        fill.accept(r);
        r.attr(Ifla.IFNAME, name);
        try {
            ns.netlink(s -> s.request(r));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) throw notFound(ns, name);
            throw KernelErrors.wrap(what, ns, e);
        }
    }

    static NshException notFound(Netns ns, String name) {
        return new NshException("link " + name + " not found " + ns.where());
    }

    private static Message getByName(Netns ns, String name) {
        try {
            List<Message> r = ns.netlink(s -> s.request(
                    Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class).attr(Ifla.IFNAME, name)));
            return r.isEmpty() ? null : r.get(0);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) return null;
            throw KernelErrors.wrap("get link " + name, ns, e);
        }
    }

    private static Message getByIndex(Netns ns, int index) {
        try {
            List<Message> r = ns.netlink(s -> s.request(
                    Request.of(Nl.RTM_GETLINK, 0).header(IfInfoMsg.class).set(IfInfoMsg.INDEX, index)));
            return r.isEmpty() ? null : r.get(0);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) return null;
            throw KernelErrors.wrap("get link #" + index, ns, e);
        }
    }

    /**
     * The namespace {@code ns} calls {@code nsid} (a veth peer's IFLA_LINK_NETNSID): a named one,
     * or the host's (its handle then the root's); null when it has no name nsh can find.
     */
    public static PeerNamespaces.Known peerNamespace(Netns ns, int nsid) {
        return NsidNames.resolve(ns, nsid);
    }

    /** The name of link {@code index} of {@code ns}, or null if it has none: one request. */
    public static String nameOf(Netns ns, int index) {
        Message m = getByIndex(ns, index);
        return m == null ? null : m.attrs(IfInfoMsg.class, Ifla.class).string(Ifla.IFNAME);
    }

    private static long flagsOf(Netns ns, int index) {
        Message m = getByIndex(ns, index);
        return m == null ? -1 : m.get(IfInfoMsg.FLAGS);
    }

    private static LinkInfo decode(Netns ns, Message m, java.util.function.IntFunction<String> nameOf,
                                   java.util.function.IntToLongFunction flagsOf, IntFunction<String> nsidName) {
        Attrs a = m.attrs(IfInfoMsg.class, Ifla.class);
        int index = (int) m.get(IfInfoMsg.INDEX);
        Attrs info = a.nested(Ifla.LINKINFO);
        String kind = info == null ? null : info.string(IflaInfo.KIND);
        int oper = a.u8(Ifla.OPERSTATE, 0);
        int master = (int) a.u32(Ifla.MASTER, 0);
        int peer = (int) a.u32(Ifla.LINK, 0);
        int nsid = a.s32(Ifla.LINK_NETNSID, -1);
        String peerName = null;
        boolean lowerDown = false;
        if (peer != 0 && peer != index && nsid < 0) {
            peerName = nameOf.apply(peer);
            long pf = flagsOf.applyAsLong(peer);
            lowerDown = pf >= 0 && (pf & LinkInfo.IFF_UP) == 0;
        }
        return new LinkInfo(ns.name(), index, a.string(Ifla.IFNAME), kind, (int) m.get(IfInfoMsg.FLAGS),
                oper < OPER_STATES.length ? OPER_STATES[oper] : Integer.toString(oper), (int) a.u32(Ifla.MTU, 0),
                a.mac(Ifla.ADDRESS), a.mac(Ifla.BROADCAST), (int) m.get(IfInfoMsg.TYPE), a.string(Ifla.QDISC),
                (int) a.u32(Ifla.TXQLEN, -1), master, master == 0 ? null : nameOf.apply(master), peer, peerName, nsid,
                nsid < 0 ? null : nsidName.apply(nsid), lowerDown);
    }

    /** "aa:bb:cc:dd:ee:ff" to six bytes; a unicast address only, as the kernel wants for a link. */
    static byte[] parseMac(String mac) {
        if (mac == null || !mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new InvalidInputException("MAC address \"" + mac + "\" is not six hex bytes joined by \":\" (aa:bb:cc:dd:ee:ff)");
        }
        byte[] b = HexFormat.ofDelimiter(":").parseHex(mac.toLowerCase());
        if ((b[0] & 1) != 0) throw new InvalidInputException("MAC address \"" + mac + "\" is multicast (lowest bit of the first byte set); a link needs a unicast address");
        return b;
    }
}

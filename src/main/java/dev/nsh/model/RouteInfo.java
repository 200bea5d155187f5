package dev.nsh.model;

import java.net.InetAddress;

/** A route of the main table (one RTM_NEWROUTE), in the terms of {@code ip route}. */
public record RouteInfo(String namespace, int family, InetAddress dst, int dstLen, InetAddress gateway,
                        int oif, String dev, int metric, int protocol, int scope, int type, long table,
                        InetAddress prefsrc, int flags, int pref) {

    /** rtm_flags bits that ip prints after the metric (RTNH_F_*). */
    public static final int F_DEAD = 1, F_ONLINK = 4, F_LINKDOWN = 16;

    /** RTA_PREF values (ICMPV6_ROUTER_PREF_*); -1 when the kernel sent none (IPv4). */
    public static final int PREF_MEDIUM = 0, PREF_HIGH = 1, PREF_LOW = 3;

    /** Without rtm_flags and RTA_PREF. */
    public RouteInfo(String namespace, int family, InetAddress dst, int dstLen, InetAddress gateway, int oif, String dev,
                     int metric, int protocol, int scope, int type, long table, InetAddress prefsrc) {
        this(namespace, family, dst, dstLen, gateway, oif, dev, metric, protocol, scope, type, table, prefsrc, 0, -1);
    }

    /** "default", or the destination with its length ("10.0.0.0/16"); host routes print bare, as ip does. */
    public String destination() {
        if (dst == null || dstLen == 0) return "default";
        int max = dst.getAddress().length * 8;
        return dstLen == max ? Addresses.text(dst) : Addresses.text(dst) + "/" + dstLen;
    }

    public static String protocolName(int p) {
        return switch (p) {
            case 0 -> "unspec";
            case 1 -> "redirect";
            case 2 -> "kernel";
            case 3 -> "boot";
            case 4 -> "static";
            case 16 -> "dhcp";
            case 186 -> "bgp";
            case 188 -> "ospf";
            default -> Integer.toString(p);
        };
    }

    /** One line in the form of {@code ip route}: "10.0.0.0/16 dev veth-1 proto kernel scope link src 10.0.0.10". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (type == 2) s.append("local ");
        else if (type == 3) s.append("broadcast ");
        else if (type == 6) s.append("blackhole ");
        else if (type == 7) s.append("unreachable ");
        s.append(destination());
        if (gateway != null) s.append(" via ").append(Addresses.text(gateway));
        if (dev != null) s.append(" dev ").append(dev);
        if (protocol != 3) s.append(" proto ").append(protocolName(protocol));
        if (scope != 0) s.append(" scope ").append(AddrInfo.scopeName(scope));
        if (prefsrc != null) s.append(" src ").append(Addresses.text(prefsrc));
        if (metric != 0) s.append(" metric ").append(metric);
        if ((flags & F_DEAD) != 0) s.append(" dead");
        if ((flags & F_ONLINK) != 0) s.append(" onlink");
        if ((flags & F_LINKDOWN) != 0) s.append(" linkdown");
        if (pref >= 0) s.append(" pref ").append(pref == PREF_MEDIUM ? "medium" : pref == PREF_HIGH ? "high" : pref == PREF_LOW ? "low" : Integer.toString(pref));
        return s.toString();
    }
}

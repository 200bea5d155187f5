package dev.nsh.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A link as the kernel reported it (one RTM_NEWLINK), in the terms of {@code ip link show}.
 * {@code peerIndex} is IFLA_LINK (a veth's other end, in {@code peerNamespace} when that is set);
 * {@code lowerDown} marks that a same-namespace peer is down (ip's M-DOWN).
 */
public record LinkInfo(
        String namespace, int index, String name, String kind, int flags, String operstate, int mtu,
        String mac, String broadcast, int linkType, String qdisc, int txqlen,
        int masterIndex, String master, int peerIndex, String peerName, int peerNetnsId, String peerNamespace,
        boolean lowerDown) {

    public static final int IFF_UP = 0x1, IFF_BROADCAST = 0x2, IFF_LOOPBACK = 0x8, IFF_POINTOPOINT = 0x10,
            IFF_RUNNING = 0x40, IFF_NOARP = 0x80, IFF_PROMISC = 0x100, IFF_ALLMULTI = 0x200, IFF_MASTER = 0x400,
            IFF_SLAVE = 0x800, IFF_MULTICAST = 0x1000, IFF_LOWER_UP = 0x10000, IFF_DORMANT = 0x20000;

    public static final int IFF_DEBUG = 0x4, IFF_NOTRAILERS = 0x20, IFF_PORTSEL = 0x2000,
            IFF_AUTOMEDIA = 0x4000, IFF_DYNAMIC = 0x8000, IFF_ECHO = 0x40000;

    /** ARPHRD_* of {@code <linux/if_arp.h>}: ifi_type. */
    public static final int ARPHRD_ETHER = 1, ARPHRD_LOOPBACK = 772;

    private static final Object[][] FLAG_NAMES = {
            {IFF_LOOPBACK, "LOOPBACK"}, {IFF_BROADCAST, "BROADCAST"}, {IFF_POINTOPOINT, "POINTOPOINT"},
            {IFF_MULTICAST, "MULTICAST"}, {IFF_NOARP, "NOARP"}, {IFF_ALLMULTI, "ALLMULTI"}, {IFF_PROMISC, "PROMISC"},
            {IFF_MASTER, "MASTER"}, {IFF_SLAVE, "SLAVE"}, {IFF_DEBUG, "DEBUG"}, {IFF_DYNAMIC, "DYNAMIC"},
            {IFF_AUTOMEDIA, "AUTOMEDIA"}, {IFF_PORTSEL, "PORTSEL"}, {IFF_NOTRAILERS, "NOTRAILERS"}, {IFF_UP, "UP"},
            {IFF_LOWER_UP, "LOWER_UP"}, {IFF_DORMANT, "DORMANT"}, {IFF_ECHO, "ECHO"}};

    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** "UP", "DOWN", "UNKNOWN" ...: the kernel's operational state, as ip prints after "state". */
    public String state() {
        return operstate;
    }

    /** The flag names ip prints between &lt; and &gt;, in ip's order (iproute2 lib/utils print_link_flags). */
    public List<String> flagNames() {
        List<String> out = new ArrayList<>();
        if ((flags & IFF_UP) != 0 && (flags & IFF_RUNNING) == 0) out.add("NO-CARRIER");
        for (Object[] f : FLAG_NAMES) if ((flags & (int) f[0]) != 0) out.add((String) f[1]);
        if (lowerDown) out.add("M-DOWN");
        return out;
    }

    /** "loopback", "ether" or "none": the text after "link/" (ARPHRD_LOOPBACK, ARPHRD_ETHER). */
    public String linkTypeName() {
        return linkType == ARPHRD_LOOPBACK ? "loopback" : linkType == ARPHRD_ETHER ? "ether" : "none";
    }

    /** "veth-1@veth-2", "veth-1@if3", or the plain name, as ip prints it. */
    public String displayName() {
        if (peerIndex == 0 || (peerIndex == index && peerNetnsId < 0)) return name;
        if (peerName != null && peerNetnsId < 0) return name + "@" + peerName;
        return name + "@if" + peerIndex;
    }

    /** Two lines in the form of {@code ip link show}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(index).append(": ").append(displayName()).append(": <").append(String.join(",", flagNames()))
                .append("> mtu ").append(mtu);
        if (qdisc != null) s.append(" qdisc ").append(qdisc);
        if (master != null) s.append(" master ").append(master);
        s.append(" state ").append(operstate).append(" mode DEFAULT group default");
        if (txqlen >= 0) s.append(" qlen ").append(txqlen);
        s.append("\n    link/").append(linkTypeName());
        if (mac != null) s.append(' ').append(mac);
        if (broadcast != null) s.append(" brd ").append(broadcast);
        if (peerNetnsId >= 0) s.append(peerNamespace != null ? " link-netns " + peerNamespace : " link-netnsid " + peerNetnsId);
        return s.toString();
    }
}

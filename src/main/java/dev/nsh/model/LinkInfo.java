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

    private static final int ARPHRD_LOOPBACK = 772;

    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    /** "UP", "DOWN", "UNKNOWN" ...: the kernel's operational state, as ip prints after "state". */
    public String state() {
        return operstate;
    }

    /** The flag names ip prints between &lt; and &gt;, in ip's order. */
    public List<String> flagNames() {
        List<String> out = new ArrayList<>();
        if ((flags & IFF_UP) != 0 && (flags & IFF_RUNNING) == 0) out.add("NO-CARRIER");
        int[] bits = {0x8, 0x2, 0x10, 0x1000, 0x80, 0x200, 0x100, 0x400, 0x800, 0x4, 0x8000, 0x4000, 0x2000, 0x20, 0x1,
                0x10000, 0x20000, 0x40000};
        String[] names = {"LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI", "PROMISC", "MASTER",
                "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL", "NOTRAILERS", "UP", "LOWER_UP", "DORMANT", "ECHO"};
        for (int i = 0; i < bits.length; i++) if ((flags & bits[i]) != 0) out.add(names[i]);
        if (lowerDown) out.add("M-DOWN");
        return out;
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
        s.append("\n    link/").append(linkType == ARPHRD_LOOPBACK ? "loopback" : linkType == 1 ? "ether" : "none");
        if (mac != null) s.append(' ').append(mac);
        if (broadcast != null) s.append(" brd ").append(broadcast);
        if (peerNetnsId >= 0) s.append(peerNamespace != null ? " link-netns " + peerNamespace : " link-netnsid " + peerNetnsId);
        return s.toString();
    }
}

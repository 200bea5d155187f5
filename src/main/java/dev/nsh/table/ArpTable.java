package dev.nsh.table;

import dev.nsh.model.Addresses;
import dev.nsh.model.NeighInfo;
import dev.nsh.netlink.rtnl.Nda;

import java.util.List;

/**
 * The neighbour table. Prints the IPv4 entries in the columns of net-tools' {@code arp}
 * (nothing at all when there are none, as arp); JSON holds every entry, as {@code ip -j neigh}.
 */
public final class ArpTable extends NeighTable {
    private static final String FORMAT = "%-24s %-8s%-20s%-6s%-16s%s";

    public ArpTable(List<NeighInfo> rows) {
        super(rows);
    }

    @Override
    public String toString() {
        List<NeighInfo> v4 = rows.stream().filter(NeighInfo::isIPv4).toList();
        if (v4.isEmpty()) return "";
        StringBuilder s = new StringBuilder(String.format(FORMAT, "Address", "HWtype", "HWaddress", "Flags", "Mask", "Iface").stripTrailing());
        for (NeighInfo n : v4) {
            boolean incomplete = n.lladdr() == null || (n.state() & (Nda.NUD_INCOMPLETE | Nda.NUD_FAILED)) != 0;
            String flags = (n.state() & Nda.NUD_PERMANENT) != 0 ? "CM" : incomplete ? "" : "C";
            s.append('\n').append(String.format(FORMAT, Addresses.text(n.address()), incomplete ? "" : "ether",
                    incomplete ? "(incomplete)" : n.lladdr(), flags, "", n.dev() == null ? "" : n.dev()));
        }
        return s.toString();
    }
}

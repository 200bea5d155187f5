package dev.nsh.table;

import dev.nsh.model.AddrInfo;
import dev.nsh.model.Addresses;
import dev.nsh.model.RouteInfo;
import dev.nsh.netlink.rtnl.RtMsg;
import dev.nsh.sys.Sys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Routes of the main table, printed as {@code ip route} prints them. */
public final class RouteTable extends Table<RouteInfo> {
    public RouteTable(List<RouteInfo> rows) {
        super(rows);
    }

    @Override
    public List<Map<String, Object>> toMaps() {
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dst", r.destination());
            if (r.gateway() != null) m.put("gateway", Addresses.text(r.gateway()));
            if (r.dev() != null) m.put("dev", r.dev());
            if (r.protocol() != 3) m.put("protocol", RouteInfo.protocolName(r.protocol()));
            if (r.scope() != 0) m.put("scope", AddrInfo.scopeName(r.scope()));
            if (r.prefsrc() != null) m.put("prefsrc", Addresses.text(r.prefsrc()));
            if (r.metric() != 0) m.put("metric", r.metric());
            return m;
        }).toList();
    }

    /**
     * The IPv4 routes in the columns of net-tools' {@code route -n} ("Kernel IP routing table"),
     * for laying beside material that uses it (Groovy: {@code ns.routes().kernelTable}).
     */
    public String kernelTable() {
        StringBuilder s = new StringBuilder("Kernel IP routing table\n"
                + "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface");
        for (RouteInfo r : rows) {
            if (r.family() != Sys.AF_INET || r.type() != RtMsg.RTN_UNICAST) continue;
            String dst = r.dst() == null ? "0.0.0.0" : Addresses.text(r.dst());
            String gw = r.gateway() == null ? "0.0.0.0" : Addresses.text(r.gateway());
            String flags = "U" + (r.gateway() != null ? "G" : "") + (r.dstLen() == 32 ? "H" : "");
            s.append('\n').append(String.format("%-15s %-15s %-15s %-5s %-6d %-2d %7d %s", dst, gw, mask(r.dstLen()), flags,
                    r.metric(), 0, 0, r.dev() == null ? "*" : r.dev()));
        }
        return s.toString();
    }

    private static String mask(int len) {
        long m = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
        return (m >> 24) + "." + ((m >> 16) & 255) + "." + ((m >> 8) & 255) + "." + (m & 255);
    }

    @Override
    public String toString() {
        return rows.stream().map(RouteInfo::toString).collect(Collectors.joining("\n"));
    }
}

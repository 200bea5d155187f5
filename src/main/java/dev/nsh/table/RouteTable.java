package dev.nsh.table;

import dev.nsh.model.Addresses;
import dev.nsh.model.AddrInfo;
import dev.nsh.model.RouteInfo;

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

    @Override
    public String toString() {
        return rows.stream().map(RouteInfo::toString).collect(Collectors.joining("\n"));
    }
}

package dev.nsh.table;

import dev.nsh.model.LinkInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Links, printed as {@code ip link show} prints them. */
public final class LinkTable extends Table<LinkInfo> {
    public LinkTable(List<LinkInfo> rows) {
        super(rows);
    }

    /** The link called {@code name}, or null. */
    public LinkInfo find(String name) {
        return rows.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    public List<String> names() {
        return new java.util.ArrayList<>(rows.stream().map(LinkInfo::name).toList());
    }

    @Override
    public List<Map<String, Object>> toMaps() {
        return rows.stream().map(LinkTable::toMap).toList();
    }

    static Map<String, Object> toMap(LinkInfo l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ifindex", l.index());
        if (l.peerIndex() != 0 && !(l.peerIndex() == l.index() && l.peerNetnsId() < 0)) {
            if (l.peerNetnsId() < 0 && l.peerName() != null) m.put("link", l.peerName());
            else m.put("link_index", l.peerIndex());
        }
        m.put("ifname", l.name());
        m.put("flags", l.flagNames());
        m.put("mtu", l.mtu());
        if (l.qdisc() != null) m.put("qdisc", l.qdisc());
        if (l.master() != null) m.put("master", l.master());
        m.put("operstate", l.operstate());
        if (l.txqlen() >= 0) m.put("txqlen", l.txqlen());
        m.put("link_type", l.linkTypeName());
        if (l.mac() != null) m.put("address", l.mac());
        if (l.broadcast() != null) m.put("broadcast", l.broadcast());
        if (l.peerNetnsId() >= 0) m.put("link_netnsid", l.peerNetnsId());
        if (l.kind() != null) m.put("kind", l.kind());
        return m;
    }

    @Override
    public String toString() {
        return rows.stream().map(LinkInfo::toString).collect(Collectors.joining("\n"));
    }
}

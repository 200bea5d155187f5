package dev.nsh.table;

import dev.nsh.model.AddrInfo;
import dev.nsh.model.Addresses;
import dev.nsh.model.LinkInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Addresses, printed as {@code ip addr} prints them: each link, then its addresses. */
public final class AddrTable extends Table<AddrInfo> {
    private final List<LinkInfo> links;

    public AddrTable(List<LinkInfo> links, List<AddrInfo> rows) {
        super(rows);
        this.links = List.copyOf(links);
    }

    /** The addresses of one link. */
    public List<AddrInfo> of(String dev) {
        return rows.stream().filter(a -> dev.equals(a.dev())).toList();
    }

    @Override
    public List<Map<String, Object>> toMaps() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LinkInfo l : links) {
            Map<String, Object> m = LinkTable.toMap(l);
            List<Map<String, Object>> infos = new ArrayList<>();
            for (AddrInfo a : rows) {
                if (a.index() != l.index()) continue;
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("family", a.isIPv4() ? "inet" : "inet6");
                i.put("local", Addresses.text(a.address()));
                i.put("prefixlen", a.prefix());
                if (a.broadcast() != null) i.put("broadcast", Addresses.text(a.broadcast()));
                i.put("scope", AddrInfo.scopeName(a.scope()));
                if (a.label() != null) i.put("label", a.label());
                infos.add(i);
            }
            m.put("addr_info", infos);
            out.add(m);
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (LinkInfo l : links) {
            if (s.length() > 0) s.append('\n');
            s.append(l.toString().replace(" mode DEFAULT", ""));
            for (AddrInfo a : rows) if (a.index() == l.index()) s.append("\n    ").append(a);
        }
        return s.toString();
    }
}

package dev.nsh.table;

import dev.nsh.model.NeighInfo;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The neighbour table, IPv4 and IPv6, printed as {@code ip neigh} prints it; {@code .json} as {@code ip -j neigh} ({@link ArpTable} prints it as arp). */
public class NeighTable extends Table<NeighInfo> {
    public NeighTable(List<NeighInfo> rows) {
        super(rows);
    }

    @Override
    public List<Map<String, Object>> toMaps() {
        return rows.stream().map(NeighInfo::toMap).toList();
    }

    @Override
    public String toString() {
        return rows.stream().map(NeighInfo::toString).collect(Collectors.joining("\n"));
    }
}

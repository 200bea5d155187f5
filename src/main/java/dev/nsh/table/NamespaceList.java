package dev.nsh.table;

import java.util.List;
import java.util.Map;

/** Named namespaces, printed one a line as {@code ip netns list} prints them. */
public final class NamespaceList extends Table<String> {
    public NamespaceList(List<String> names) {
        super(names);
    }

    @Override
    public List<Map<String, Object>> toMaps() {
        return rows.stream().map(n -> Map.<String, Object>of("name", n)).toList();
    }

    @Override
    public String toString() {
        return String.join("\n", rows);
    }
}

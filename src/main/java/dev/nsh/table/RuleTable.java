package dev.nsh.table;

import dev.nsh.model.RuleInfo;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Policy routing rules, printed as {@code ip rule} prints them; {@code .json} as {@code ip -j rule}. */
public final class RuleTable extends Table<RuleInfo> {
    public RuleTable(List<RuleInfo> rows) {
        super(rows);
    }

    @Override
    public List<Map<String, Object>> toMaps() {
        return rows.stream().map(RuleInfo::toMap).toList();
    }

    @Override
    public String toString() {
        return rows.stream().map(RuleInfo::toString).collect(Collectors.joining("\n"));
    }
}

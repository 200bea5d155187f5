package dev.nsh.lab;

import dev.nsh.InvalidInputException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Named options of the lab's builders, checked against what each takes. */
final class LabOptions {
    private final Map<String, ?> map;

    LabOptions(String method, Map<String, ?> map, String... allowed) {
        this.map = map == null ? Map.of() : map;
        Set<String> ok = Set.of(allowed);
        for (String k : this.map.keySet()) {
            if (!ok.contains(k)) {
                throw new InvalidInputException(method + "(): unknown option \"" + k + "\"; it takes " + String.join(", ", allowed));
            }
        }
    }

    String string(String k) {
        Object v = map.get(k);
        return v == null ? null : v.toString();
    }

    List<?> list(String k) {
        Object v = map.get(k);
        if (v == null) return null;
        if (v instanceof List<?> l) return l;
        throw new InvalidInputException("option " + k + ": " + v + " is not a list");
    }

    boolean flag(String k) {
        Object v = map.get(k);
        return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
    }
}

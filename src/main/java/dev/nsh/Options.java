package dev.nsh;

import java.util.Map;
import java.util.Set;

/** Groovy named arguments ({@code route("default", via: "10.0.0.1")}), checked against what a method takes. */
final class Options {
    private final Map<String, ?> map;

    Options(String method, Map<String, ?> map, String... allowed) {
        this.map = map == null ? Map.of() : map;
        Set<String> ok = Set.of(allowed);
        for (String k : this.map.keySet()) {
            if (!ok.contains(k)) {
                throw new InvalidInputException(method + "(): unknown option \"" + k + "\"; it takes " + String.join(", ", allowed));
            }
        }
    }

    String string(String key) {
        Object v = map.get(key);
        return v == null ? null : v.toString();
    }

    int integer(String key, int dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("option " + key + ": \"" + v + "\" is not a whole number");
        }
    }

    double number(String key, double dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("option " + key + ": \"" + v + "\" is not a number");
        }
    }

    boolean flag(String key, boolean dflt) {
        Object v = map.get(key);
        return v == null ? dflt : v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
    }

    boolean has(String key) {
        return map.containsKey(key);
    }
}

package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Groovy named arguments ({@code route("default", via: "10.0.0.1")}), checked against what a method
 * takes, for the language, the labs and the features below them alike. Not part of the language itself.
 */
public final class Options {
    private final Map<String, ?> map;

    public Options(String method, Map<String, ?> map, String... allowed) {
        this.map = map == null ? Map.of() : map;
        check(method, this.map.keySet(), List.of(allowed), Map.of());
    }

    /**
     * Refuses the first of {@code given} that is not {@code allowed}, in one line naming what is, with a hint:
     * {@code aliases} (another tool's name for an option, iperf3's {@code bandwidth} for {@code rate}) or an
     * option within two edits.
     */
    public static void check(String method, Collection<String> given, List<String> allowed, Map<String, String> aliases) {
        for (String k : given) {
            if (allowed.contains(k)) continue;
            String near = aliases.containsKey(k) ? aliases.get(k)
                    : allowed.stream().filter(o -> Names.editDistance(o, k) <= Math.min(2, k.length() / 2)).findFirst().orElse(null);
            throw new InvalidInputException(method + "(): unknown option \"" + k + "\"" + (near != null ? " (did you mean " + near + "?)" : "")
                    + "; it takes " + String.join(", ", allowed));
        }
    }

    public String string(String key) {
        Object v = map.get(key);
        return v == null ? null : v.toString();
    }

    /** A whole number: a Groovy Integer, Long, BigInteger or a whole Double, or its text; 2.5 is an error, never cut. */
    public long whole(String key, long dflt) {
        Object v = map.get(key);
        if (v == null) return dflt;
        java.math.BigInteger b = exact(v);
        if (b == null || b.bitLength() > 63) throw new InvalidInputException("option " + key + ": \"" + v + "\" is not a whole number");
        return b.longValue();
    }

    /** {@code v} (a Groovy number or its text) as the whole number it is exactly, or null (2.5, "ten"): never cut. */
    public static java.math.BigInteger exact(Object v) {
        try {
            return (v instanceof Number n ? new java.math.BigDecimal(n.toString()) : new java.math.BigDecimal(v.toString().trim())).toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    public int integer(String key, int dflt) {
        long v = whole(key, dflt);
        if (v != (int) v) throw new InvalidInputException("option " + key + ": " + v + " is out of range; it must be a 32-bit whole number");
        return (int) v;
    }

    public double number(String key, double dflt) {
        return number("option " + key + ":", map.get(key), dflt);
    }

    /** {@code v} as a number ({@code dflt} when null), a Groovy number or its text; else an error that starts with {@code what}. */
    public static double number(String what, Object v, double dflt) {
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(what + " \"" + v + "\" is not a number");
        }
    }

    /** A true/false option; "true" and "false" as text are taken too, anything else ("yes", 1) is an error. */
    public boolean flag(String key, boolean dflt) {
        return flag("option " + key + ":", map.get(key), dflt);
    }

    /** {@code v} as true or false ({@code dflt} when null), "true" and "false" as text too; else an error that starts with {@code what}. */
    public static boolean flag(String what, Object v, boolean dflt) {
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        if (v.toString().equals("true") || v.toString().equals("false")) return Boolean.parseBoolean(v.toString());
        throw new InvalidInputException(what + " " + (v instanceof CharSequence ? "\"" + v + "\"" : v) + " is not true or false");
    }

    /** A list option ({@code addresses: [x, y]}), or null. */
    public java.util.List<?> list(String key) {
        Object v = map.get(key);
        if (v == null) return null;
        if (v instanceof java.util.List<?> l) return l;
        throw new InvalidInputException("option " + key + ": " + v + " is not a list");
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }
}

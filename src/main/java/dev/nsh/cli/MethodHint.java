package dev.nsh.cli;

import dev.nsh.model.Names;
import groovy.lang.MissingMethodException;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The line for a call Groovy found no method for, naming what was called and what exists:
 * {@code no method pnig(String) on Namespace; did you mean ping(dst, ...)?}, or for a known name
 * with the wrong arguments {@code no method ping(Integer) on Namespace; ping takes (dst, ...), (dst), (options)}.
 * Parameter names come from the class files (javac -parameters); a leading Map is the named
 * options, shown as "...".
 */
final class MethodHint {
    private MethodHint() {}

    static String of(MissingMethodException e) {
        Class<?> type = e.getType();
        String owner = type == null ? "?" : type.getSimpleName().replaceAll("\\$.*", "");
        String called = e.getMethod() + "(" + String.join(", ", Arrays.stream(e.getArguments())
                .map(a -> a == null ? "null" : a instanceof Map ? "Map" : a instanceof groovy.lang.Closure ? "Closure" : a.getClass().getSimpleName())
                .toList()) + ")";
        // A call with no receiver in a script or the REPL: the language's functions are what exists.
        boolean function = type != null && groovy.lang.Script.class.isAssignableFrom(type);
        String head = function ? "no function " + called : "no method " + called + " on " + owner;
        if (type == null) return head;
        Map<String, List<Method>> byName = new TreeMap<>();
        for (Class<?> c : function ? ScriptRunner.FUNCTIONS : List.<Class<?>>of(type)) {
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass() == Object.class || m.getDeclaringClass() == groovy.lang.GroovyObject.class || m.isSynthetic()
                        || m.getName().endsWith("Missing")) continue;
                if ((e.isStatic() || function) && !Modifier.isStatic(m.getModifiers())) continue;
                byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
            }
        }
        List<Method> same = byName.get(e.getMethod());
        if (same != null) {
            return head + "; " + e.getMethod() + " takes " + String.join(", ", forms(same).stream().map(f -> f.substring(f.indexOf('('))).toList());
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : byName.keySet()) {
            int d = Names.editDistance(name.toLowerCase(), e.getMethod().toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        if (best == null || bestDistance > Math.max(1, e.getMethod().length() / 3)) return head;
        return head + "; did you mean " + forms(byName.get(best)).get(0) + "?";
    }

    /** Each overload as "ping(dst, ...)", the form with named options first, then by length. */
    private static List<String> forms(List<Method> overloads) {
        List<Method> sorted = new ArrayList<>(overloads);
        sorted.sort(Comparator.comparing((Method m) -> !(m.getParameterCount() > 0 && m.getParameterTypes()[0] == Map.class))
                .thenComparingInt(Method::getParameterCount)
                .thenComparing(m -> Arrays.stream(m.getParameters()).map(Parameter::getName).toList().toString()));
        List<String> out = new ArrayList<>();
        for (Method m : sorted) {
            List<String> names = new ArrayList<>();
            boolean options = false;
            for (Parameter p : m.getParameters()) {
                if (names.isEmpty() && !options && p.getType() == Map.class) options = true;
                else names.add(p.getName() + (p.isVarArgs() ? "..." : ""));
            }
            if (options) names.add("...");
            String f = m.getName() + "(" + String.join(", ", names) + ")";
            if (!out.contains(f)) out.add(f);
        }
        return out;
    }
}

package dev.nsh.cli;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.ns.Namespaces;
import dev.nsh.ops.LinkOps;

import groovy.lang.Binding;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TAB in the REPL: live namespace names inside {@code ns("}, live link names inside
 * {@code .link("}, nft's words inside {@code .nft("}, the methods of whatever stands before a dot (its type worked out from the
 * chain, never by evaluating it), the language's functions and the session's variables, and
 * commands after "/". Nothing is created or changed by completing.
 */
final class NshCompleter implements Completer {
    private static final Pattern NS_ARG = Pattern.compile("\\b(?:ns|existing)\\(\\s*[\"']([^\"']*)$");
    private static final Pattern LINK_ARG = Pattern.compile("(.*)\\.(?:link|peer)\\(\\s*[\"']([^\"']*)$");
    private static final Pattern NFT_ARG = Pattern.compile("\\.nft\\(\\s*[\"']([^\"']*)$");
    private static final Pattern MEMBER = Pattern.compile("(.*)\\.([A-Za-z_]\\w*)?$");
    private static final Set<String> HIDDEN = Set.of("wait", "notify", "notifyAll", "getClass", "hashCode", "equals",
            "netns", "getMetaClass", "setMetaClass", "invokeMethod", "getProperty", "setProperty");

    private final Binding binding;
    private final Supplier<Set<String>> commands;

    NshCompleter(Binding binding, Supplier<Set<String>> commands) {
        this.binding = binding;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
        String before = line.line().substring(0, line.cursor());
        String word = line.word().substring(0, line.wordCursor());
        if (before.startsWith("/") && !before.contains(" ")) {
            commands.get().forEach(c -> out.add(new Candidate(c)));
            return;
        }
        Matcher m = NS_ARG.matcher(before);
        if (m.find()) {
            String quote = quoteOf(before);
            String prefix = word.substring(0, word.length() - m.group(1).length());
            Namespaces.list().forEach(n -> out.add(new Candidate(prefix + n + quote + ")", n, null, null, null, null, true)));
            return;
        }
        m = NFT_ARG.matcher(before);
        if (m.find()) { // inside nft("...": the words of nft's language that may come next
            List<String> words = dev.nsh.nft.NftWords.next(m.group(1));
            String typed = m.group(1).substring(m.group(1).lastIndexOf(' ') + 1);
            if (!word.endsWith(typed)) return;
            String prefix = word.substring(0, word.length() - typed.length());
            words.forEach(w -> out.add(new Candidate(prefix + w, w, null, null, null, null, true)));
            return;
        }
        m = LINK_ARG.matcher(before);
        if (m.matches()) {
            Object target = resolveValue(m.group(1).strip());
            if (target instanceof Namespace ns && ns.exists()) {
                String quote = quoteOf(before);
                String prefix = word.substring(0, word.length() - m.group(2).length());
                try {
                    LinkOps.list(ns.netns()).forEach(l -> out.add(new Candidate(prefix + l.name() + quote + ")", l.name(), null, null, null, null, true)));
                } catch (RuntimeException ignored) {
                    // a namespace that went away while typing: nothing to offer
                }
            }
            return;
        }
        m = MEMBER.matcher(before);
        if (m.matches() && !m.group(1).isBlank()) {
            Class<?> type = typeOf(m.group(1).strip());
            if (type != null) {
                String head = word.substring(0, word.lastIndexOf('.') + 1);
                for (String name : methods(type, false)) out.add(new Candidate(head + name, name, null, null, null, null, false));
            }
            return;
        }
        for (Class<?> c : ScriptRunner.FUNCTIONS) {
            for (String f : methods(c, true)) out.add(new Candidate(f + "(", f, null, null, null, null, false));
        }
        for (Object k : binding.getVariables().keySet()) out.add(new Candidate(k.toString()));
        for (String kw : List.of("def", "println", "if", "for", "try", "catch", "finally", "return")) out.add(new Candidate(kw));
    }

    private static String quoteOf(String before) {
        int dq = before.lastIndexOf('"'), sq = before.lastIndexOf('\'');
        return dq > sq ? "\"" : "'";
    }

    /** The public methods a user would call on {@code type} (statics only for the DSL's functions). */
    static Set<String> methods(Class<?> type, boolean statics) {
        Set<String> out = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) != statics || HIDDEN.contains(m.getName())) continue;
            if (m.getDeclaringClass() == Object.class) continue;
            String n = m.getName();
            if (n.startsWith("get") && n.length() > 3 && m.getParameterCount() == 0 && !statics) {
                out.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
            } else {
                out.add(n);
            }
        }
        return out;
    }

    /** The static type of an expression chain such as {@code ns("a").link("b")} or {@code a.links()}. */
    Class<?> typeOf(String expr) {
        List<String> parts = splitChain(expr);
        if (parts.isEmpty()) return null;
        String first = parts.get(0);
        Class<?> type;
        String fn = first.contains("(") ? first.substring(0, first.indexOf('(')).strip() : null;
        if (fn != null) {
            type = null;
            for (Class<?> c : ScriptRunner.FUNCTIONS) if (type == null) type = returnType(c, fn);
        } else if (binding.hasVariable(first)) {
            Object v = binding.getVariable(first);
            type = v == null ? null : v.getClass();
        } else {
            return null;
        }
        for (int i = 1; i < parts.size() && type != null; i++) {
            String p = parts.get(i);
            String name = p.contains("(") ? p.substring(0, p.indexOf('(')).strip() : p;
            Class<?> owner = type;
            type = returnType(owner, name);
            // a property of a class that is not nsh's is read by its getter (nsh's are named as records')
            if (type == null && !p.contains("(") && !name.isEmpty()) {
                type = returnType(owner, "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
            }
        }
        return type;
    }

    /** The value of a simple expression, only where that needs no side effect: a variable, or ns("x") of an existing x. */
    Object resolveValue(String expr) {
        if (binding.hasVariable(expr)) return binding.getVariable(expr);
        Matcher m = Pattern.compile("^(?:ns|existing)\\(\\s*[\"']([^\"']+)[\"']\\s*\\)$").matcher(expr);
        if (m.matches() && Namespaces.exists(m.group(1))) return Nsh.existing(m.group(1));
        if (expr.equals("root()")) return Nsh.root();
        return null;
    }

    private static Class<?> returnType(Class<?> type, String name) {
        for (Method m : type.getMethods()) if (m.getName().equals(name)) return m.getReturnType();
        return null;
    }

    /** "x = ns("a").link("b")" to ["ns("a")", "link("b")"]: the last expression's chain of calls. */
    static List<String> splitChain(String s) {
        return GroovySource.split(s, ".", "= ;");
    }

}

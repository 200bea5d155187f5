package dev.nsh.cli;

import java.util.ArrayList;
import java.util.List;

/** Groovy text at top level: split outside brackets, braces and quotes; whether an entry is still open. */
final class GroovySource {
    private GroovySource() {}

    /**
     * Splits {@code s} at each top-level character in {@code separators}; a top-level character in
     * {@code restarts} drops what came before it (a new expression starts there).
     */
    static List<String> split(String s, String separators, String restarts) {
        List<String> parts = new ArrayList<>();
        int depth = 0, from = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') quote = c;
            else if ("([{".indexOf(c) >= 0) depth++;
            else if (")]}".indexOf(c) >= 0) depth--;
            else if (depth == 0 && separators.indexOf(c) >= 0) {
                parts.add(s.substring(from, i).strip());
                from = i + 1;
            } else if (depth == 0 && restarts.indexOf(c) >= 0) {
                parts.clear();
                from = i + 1;
            }
        }
        parts.add(s.substring(from).strip());
        return parts;
    }

    /**
     * Whether typed input is unfinished, so that Enter continues it on a new line (as groovysh
     * and JShell do): a bracket, brace or parenthesis still open, a string or block comment not
     * closed (triple quotes span lines), or a backslash at the end. Comments and strings do not
     * count their brackets; too many closing ones is complete (the compiler then says what is wrong).
     */
    static boolean incomplete(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                if (nl < 0) return false;
                i = nl;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) return true;
                i = end + 1;
            } else if (c == '"' || c == '\'') {
                String quote = s.startsWith("" + c + c + c, i) ? "" + c + c + c : "" + c;
                int j = i + quote.length();
                while (j < s.length() && !s.startsWith(quote, j)) {
                    if (s.charAt(j) == '\\') j++;
                    else if (quote.length() == 1 && s.charAt(j) == '\n') return false; // a one-line string left open: an error
                    j++;
                }
                if (j >= s.length()) return quote.length() == 3;
                i = j + quote.length() - 1;
            } else if ("([{".indexOf(c) >= 0) depth++;
            else if (")]}".indexOf(c) >= 0) depth--;
        }
        return depth > 0 || s.stripTrailing().endsWith("\\");
    }
}

package dev.nsh.cli;

import java.util.ArrayList;
import java.util.List;

/** Splitting a line of Groovy at top level: outside brackets, braces and quotes. */
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
}

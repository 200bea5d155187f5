package dev.nsh.model;

import java.util.List;

/** Text columns as ip and docker print them: each as wide as its widest cell, two spaces between. */
public final class Columns {
    private Columns() {}

    /** One line per row, each ending in a newline, without trailing spaces; rows may differ in length. */
    public static String align(List<? extends List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] w = new int[columns];
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).length());
        StringBuilder s = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(r.get(i));
                if (i < r.size() - 1) line.append(" ".repeat(w[i] - r.get(i).length() + 2));
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }
}

package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.nio.charset.StandardCharsets;

/** The naming rules of iproute2 and the kernel, checked before any request is sent. */
public final class Names {
    private Names() {}

    /** NAME_MAX: a namespace name is a file name under /run/netns. */
    public static final int NAMESPACE_MAX = 255;
    /** IFNAMSIZ (16) less the NUL. */
    public static final int IFNAME_MAX = 15;

    public static String namespace(String name) {
        if (name == null || name.isEmpty()) throw new InvalidInputException("namespace name is empty; it must be 1 to 255 bytes");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > NAMESPACE_MAX) {
            throw new InvalidInputException("namespace name \"" + abbreviate(name) + "\" is " + bytes + " bytes; the limit is " + NAMESPACE_MAX);
        }
        if (name.contains("/")) throw new InvalidInputException("namespace name \"" + name + "\" contains \"/\"; it must be a plain file name");
        if (name.equals(".") || name.equals("..")) throw new InvalidInputException("namespace name \"" + name + "\" is not allowed; \".\" and \"..\" are reserved");
        if (name.indexOf(0) >= 0) throw new InvalidInputException("namespace name \"" + name + "\" contains a NUL byte; it is not allowed");
        return name;
    }

    public static String iface(String name) {
        if (name == null || name.isEmpty()) throw new InvalidInputException("interface name is empty; it must be 1 to 15 bytes");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > IFNAME_MAX) {
            throw new InvalidInputException("interface name \"" + name + "\" is " + bytes + " bytes; the limit is " + IFNAME_MAX);
        }
        if (name.contains("/")) throw new InvalidInputException("interface name \"" + name + "\" contains \"/\"; it is not allowed");
        if (name.indexOf('\0') >= 0) throw new InvalidInputException("interface name \"" + name + "\" contains a NUL byte; it is not allowed");
        if (name.chars().anyMatch(c -> Character.isWhitespace(c) || c == ':')) {
            throw new InvalidInputException("interface name \"" + name + "\" contains white space or \":\"; they are not allowed");
        }
        if (name.equals(".") || name.equals("..")) throw new InvalidInputException("interface name \"" + name + "\" is not allowed; \".\" and \"..\" are reserved");
        if (name.contains("%")) {
            throw new InvalidInputException("interface name \"" + name + "\" contains \"%\"; the kernel would take it as a template"
                    + " (a%d makes a0), so a name must be given exactly");
        }
        return name;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Levenshtein distance (for "did you mean"), with a swap of two neighbours counted as one edit ("pnig" is one from "ping"). */
    public static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

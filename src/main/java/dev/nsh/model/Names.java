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
}

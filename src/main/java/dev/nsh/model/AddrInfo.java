package dev.nsh.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** An address as the kernel reported it (one RTM_NEWADDR), in the terms of {@code ip addr}. */
public record AddrInfo(String namespace, int index, String dev, InetAddress address, int prefix,
                       InetAddress broadcast, int scope, String label, int flags) {

    public boolean isIPv4() {
        return address instanceof Inet4Address;
    }

    public Cidr cidr() {
        return new Cidr(address, prefix);
    }

    private static final String[] FLAG_NAMES = {"secondary", "nodad", "optimistic", "dadfailed", "home", "deprecated",
            "tentative", "permanent", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy"};

    /**
     * The IFA_F_* flags as ip prints them after the scope: "dynamic" when not permanent,
     * "secondary" ("temporary" for IPv6), "tentative", "noprefixroute" ...
     */
    public List<String> flagNames() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            int mask = 1 << i;
            if (mask == 0x80) {
                if ((flags & mask) == 0) out.add("dynamic");
            } else if ((flags & mask) != 0) {
                out.add(mask == 0x01 && !isIPv4() ? "temporary" : FLAG_NAMES[i]);
            }
        }
        return out;
    }

    public static String scopeName(int scope) {
        return switch (scope) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(scope);
        };
    }

    /** One line in the form of {@code ip addr}: "inet 10.0.0.10/16 brd 10.0.255.255 scope global veth-1". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(isIPv4() ? "inet " : "inet6 ").append(Addresses.text(address)).append('/').append(prefix);
        if (broadcast != null) s.append(" brd ").append(Addresses.text(broadcast));
        s.append(" scope ").append(scopeName(scope));
        for (String f : flagNames()) s.append(' ').append(f);
        if (isIPv4() && label != null) s.append(' ').append(label);
        return s.toString();
    }
}

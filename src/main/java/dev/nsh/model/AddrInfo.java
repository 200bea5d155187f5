package dev.nsh.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address as the kernel reported it (one RTM_NEWADDR), in the terms of {@code ip addr}. */
public record AddrInfo(String namespace, int index, String dev, InetAddress address, int prefix,
                       InetAddress broadcast, int scope, String label, int flags) {

    public boolean isIPv4() {
        return address instanceof Inet4Address;
    }

    public Cidr cidr() {
        return new Cidr(address, prefix);
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
        if (isIPv4() && label != null) s.append(' ').append(label);
        return s.toString();
    }
}

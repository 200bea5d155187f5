package dev.nsh.model;


import dev.nsh.error.InvalidInputException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length, parsed from "10.0.0.10/16" or "fd00::1/64". The one place
 * where user text becomes an address: strict dotted quads, IPv6 literals, no DNS look-ups.
 */
public record Cidr(InetAddress address, int prefix) {

    /** Parses "ADDR/LEN"; without "/LEN" the full length (32 or 128) is taken only if {@code hostOk}. */
    public static Cidr parse(String text, boolean hostOk) {
        if (text == null || text.isBlank()) throw new InvalidInputException("address is empty; expected ADDR/PREFIX such as 10.0.0.10/16");
        int slash = text.indexOf('/');
        String a = slash < 0 ? text : text.substring(0, slash);
        InetAddress ip = parseAddress(a, text);
        int max = ip instanceof Inet4Address ? 32 : 128;
        if (slash < 0) {
            if (!hostOk) throw new InvalidInputException("address \"" + text + "\" has no prefix length; expected ADDR/PREFIX such as 10.0.0.10/16");
            return new Cidr(ip, max);
        }
        String p = text.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
            throw new InvalidInputException("address \"" + text + "\": prefix length \"" + p + "\" is not a number 0.." + max);
        }
        int len = Integer.parseInt(p);
        if (len > max) {
            throw new InvalidInputException("address \"" + text + "\": prefix length " + len + " is out of range 0.." + max
                    + " for " + (max == 32 ? "IPv4" : "IPv6"));
        }
        return new Cidr(ip, len);
    }

    /** "ADDR/LEN" with a prefix required. */
    public static Cidr parse(String text) {
        return parse(text, false);
    }

    /** A bare address ("10.0.0.20", "fe80::1"); {@code whole} is the text quoted in errors. */
    public static InetAddress parseAddress(String a, String whole) {
        if (a.indexOf(':') >= 0) {
            // InetAddress parses IPv6 literals without DNS only if every character could be one.
            if (a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                try {
                    InetAddress ip = InetAddress.getByName(a);
                    // Java turns "::ffff:10.0.0.1" into an IPv4 address; keep the IPv6 text IPv6.
                    return ip instanceof Inet4Address ? Addresses.v6(ip.getAddress()) : ip;
                } catch (UnknownHostException e) {
                    // fall through to the error below
                }
            }
            throw new InvalidInputException("address \"" + whole + "\": \"" + a + "\" is not an IPv6 address");
        }
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidInputException("address \"" + whole + "\": \"" + a + "\" is not an IPv4 address (four numbers 0-255 joined by dots) or an IPv6 address");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String s = parts[i];
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit) || Integer.parseInt(s) > 255) {
                throw new InvalidInputException("address \"" + whole + "\": \"" + s + "\" is not a number 0-255 in an IPv4 address");
            }
            b[i] = (byte) Integer.parseInt(s);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isIPv4() {
        return address instanceof Inet4Address;
    }


    /** The network address (host bits cleared). */
    public InetAddress network() {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length * 8; i++) if (i >= prefix) b[i / 8] &= (byte) ~(0x80 >> (i % 8));
        if (b.length == 16) return Addresses.v6(b); // getByAddress would make ::ffff:a.b.c.d an IPv4 address
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IPv4 broadcast as {@code ip addr add ... brd +} computes it: null for IPv6 and for /31, /32. */
    public InetAddress broadcast() {
        if (!isIPv4() || prefix > 30) return null;
        byte[] b = address.getAddress();
        for (int i = prefix; i < 32; i++) b[i / 8] |= (byte) (0x80 >> (i % 8));
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean contains(InetAddress ip) {
        if (ip.getAddress().length != address.getAddress().length) return false;
        return new Cidr(ip, prefix).network().equals(network());
    }

    @Override
    public String toString() {
        return Addresses.text(address) + "/" + prefix;
    }
}

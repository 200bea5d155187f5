package dev.nsh.nft;

import dev.nsh.model.Addresses;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Field values between their bytes and nft's words: addresses and prefixes, ports, protocol and
 * ICMP type names; header fields are in network order, conntrack state bits in host order.
 */
final class Values {
    private Values() {}

    /** A value of a field as nft prints it; an address may be a prefix (a shorter load, or a mask). */
    static String value(Fields.Kind kind, byte[] data, int len, byte[] mask) {
        if (data == null || data.length < len) return null;
        switch (kind) {
            case IPV4, IPV6 -> {
                int full = kind == Fields.Kind.IPV4 ? 4 : 16;
                byte[] a = new byte[full];
                System.arraycopy(data, 0, a, 0, Math.min(len, full));
                int prefix = len * 8;
                if (mask != null) {
                    prefix = prefixOf(mask);
                    if (prefix < 0 || mask.length != len) return null;
                }
                String text = address(a);
                return prefix == full * 8 ? text : text + "/" + prefix;
            }
            case PORT -> {
                return mask == null ? String.valueOf(be(data) & 0xffff) : null;
            }
            case PROTO -> {
                return mask == null ? protocol(data[0] & 0xff) : null;
            }
            case ICMP_TYPE, ICMPV6_TYPE -> {
                if (mask != null) return null;
                String n = Fields.nameOf(kind == Fields.Kind.ICMP_TYPE ? Fields.ICMP_TYPES : Fields.ICMPV6_TYPES, data[0] & 0xff);
                return n != null ? n : String.valueOf(data[0] & 0xff);
            }
            default -> {
                return null;
            }
        }
    }

    static String protocol(int n) {
        String name = Fields.nameOf(Fields.PROTOCOLS, n);
        return name != null ? name : String.valueOf(n);
    }

    static int prefixOf(byte[] mask) {
        int bits = 0;
        boolean zero = false;
        for (byte b : mask) {
            for (int i = 7; i >= 0; i--) {
                boolean one = (b >> i & 1) != 0;
                if (one && zero) return -1;
                if (one) bits++;
                else zero = true;
            }
        }
        return bits;
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    static long host(byte[] b) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
        buf.put(b, 0, Math.min(b.length, 8));
        return b.length >= 4 ? Integer.toUnsignedLong(buf.getInt(0)) : buf.get(0) & 0xff;
    }

    static long be(byte[] b) {
        long v = 0;
        for (int i = 0; i < Math.min(b.length, 8); i++) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    static String address(byte[] a) {
        try {
            return a.length == 16 ? Addresses.text(Addresses.v6(a)) : a.length == 4 ? InetAddress.getByAddress(a).getHostAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** "10.0.0.0/8" if from..to (inclusive) is exactly one prefix, else null. */
    static String prefix(byte[] from, byte[] to) {
        if (from.length != to.length) return null;
        int bits = from.length * 8, len = 0;
        while (len < bits && bit(from, len) == bit(to, len)) len++;
        for (int i = len; i < bits; i++) if (bit(from, i) != 0 || bit(to, i) != 1) return null;
        String a = address(from);
        return a == null ? null : a + "/" + len;
    }

    private static int bit(byte[] b, int i) {
        return b[i / 8] >> (7 - i % 8) & 1;
    }
}

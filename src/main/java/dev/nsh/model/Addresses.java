package dev.nsh.model;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Address text as iproute2 prints it (IPv6 compressed, no scope suffix). */
public final class Addresses {
    private Addresses() {}

    public static String text(InetAddress a) {
        if (a == null) return null;
        if (!(a instanceof Inet6Address)) return a.getHostAddress();
        byte[] b = a.getAddress();
        // As inet_ntop: IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) end in dotted form.
        boolean zero10 = true;
        for (int i = 0; i < 10; i++) zero10 &= b[i] == 0;
        if (zero10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return "::ffff:" + dotted(b);
        if (zero10 && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0)) return "::" + dotted(b);
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestAt = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && w[j] == 0) j++;
            if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(w[i]));
        }
        return s.toString();
    }

    /** An IPv6 address from 16 bytes, also when they are IPv4-mapped (InetAddress would make those IPv4). */
    public static InetAddress v6(byte[] b) {
        byte[] b16 = b;
        if (b.length == 4) {
            b16 = new byte[16];
            b16[10] = (byte) 0xff;
            b16[11] = (byte) 0xff;
            System.arraycopy(b, 0, b16, 12, 4);
        }
        try {
            return Inet6Address.getByAddress(null, b16, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dotted(byte[] b) {
        return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
    }
}

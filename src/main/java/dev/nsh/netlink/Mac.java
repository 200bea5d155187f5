package dev.nsh.netlink;

/** Link-layer address text, as {@code ip link} prints it. */
public final class Mac {
    private Mac() {}

    public static String format(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) s.append(':');
            s.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return s.toString();
    }
}

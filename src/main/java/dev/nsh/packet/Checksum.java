package dev.nsh.packet;

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
public final class Checksum {
    private Checksum() {}

    public static int of(byte[] b, int from, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) sum += ((b[from + i] & 0xff) << 8) | (b[from + i + 1] & 0xff);
        if ((length & 1) != 0) sum += (b[from + length - 1] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }
}

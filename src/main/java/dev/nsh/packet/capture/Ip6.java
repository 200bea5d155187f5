package dev.nsh.packet.capture;

/** Walking IPv6 extension headers (hop-by-hop, routing, destination options, fragment) to the upper layer. */
final class Ip6 {
    static final int HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, DEST_OPTIONS = 60;

    private Ip6() {}

    /** {next header, offset of the upper-layer header} after the extension headers. */
    static int[] upperLayer(byte[] f, int ip6) {
        int next = f[ip6 + 6] & 0xff, at = ip6 + 40;
        while ((next == HOP_BY_HOP || next == ROUTING || next == DEST_OPTIONS || next == FRAGMENT) && at + 8 <= f.length) {
            int len = next == FRAGMENT ? 8 : ((f[at + 1] & 0xff) + 1) * 8;
            next = f[at] & 0xff;
            at += len;
        }
        return new int[] {next, at};
    }
}

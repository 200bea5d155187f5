package dev.nsh.packet.capture;

import java.util.HashMap;
import java.util.Map;

import static dev.nsh.packet.capture.PacketHeaders.u16;
import static dev.nsh.packet.capture.PacketHeaders.u32;

/**
 * TCP as tcpdump -nn prints it: "Flags [S.], seq 1:9, ack 1, win 64, options [...], length 8".
 * Like tcpdump (without -S), a connection's numbers are shown relative to the initial ones,
 * learnt from the first segment with ACK set (a SYN-ACK starts afresh), in both directions.
 */
final class TcpText {
    private static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    /** The two ends in a fixed order, so that both directions find the same entry. */
    private record Key(String lowAddress, int lowPort, String highAddress, int highPort) {}

    /** Initial sequence numbers of the low end ({@code seq}) and of the high end ({@code ack}). */
    private static final class Initial {
        long seq, ack;
    }

    private final Map<Key, Initial> connections = new HashMap<>();

    /** {@code head} starts the line ("IP "); {@code addresses} false leaves them out (after an IPv6 fragment header). */
    String line(String head, String src, String dst, boolean addresses, byte[] f, int at, int length) {
        if (f.length < at + 20) return head + src + " > " + dst + ": [|tcp]";
        int sport = u16(f, at), dport = u16(f, at + 2);
        long seq = u32(f, at + 4), ack = u32(f, at + 8);
        int hlen = ((f[at + 12] >> 4) & 0x0f) * 4, flags = f[at + 13] & 0xff;
        StringBuilder s = new StringBuilder(head).append(addresses ? src + "." : "").append(sport).append(" > ")
                .append(addresses ? dst + "." : "").append(dport).append(": Flags [").append(flags(flags)).append(']');
        if ((flags & ACK) != 0) {
            int order = src.compareTo(dst) != 0 ? src.compareTo(dst) : Integer.compare(sport, dport);
            boolean reversed = order > 0;
            Key key = reversed ? new Key(dst, dport, src, sport) : new Key(src, sport, dst, dport);
            Initial known = connections.get(key);
            if (known == null || (flags & SYN) != 0) {
                Initial fresh = new Initial();
                if (reversed) {
                    fresh.ack = seq;
                    fresh.seq = (ack - 1) & 0xffffffffL;
                } else {
                    fresh.seq = seq;
                    fresh.ack = (ack - 1) & 0xffffffffL;
                }
                connections.put(key, fresh);
            } else if (reversed) {
                seq = (seq - known.ack) & 0xffffffffL;
                ack = (ack - known.seq) & 0xffffffffL;
            } else {
                seq = (seq - known.seq) & 0xffffffffL;
                ack = (ack - known.ack) & 0xffffffffL;
            }
        }
        int payload = length - hlen;
        if (payload > 0 || (flags & (SYN | FIN | RST)) != 0) {
            s.append(", seq ").append(seq);
            if (payload > 0) s.append(':').append((seq + payload) & 0xffffffffL);
        }
        if ((flags & ACK) != 0) s.append(", ack ").append(ack);
        s.append(", win ").append(u16(f, at + 14));
        if ((flags & URG) != 0) s.append(", urg ").append(u16(f, at + 18));
        if (hlen > 20 && f.length >= at + hlen) s.append(", options [").append(options(f, at + 20, at + hlen)).append(']');
        return s.append(", length ").append(payload).toString();
    }

    private static String flags(int flags) {
        StringBuilder s = new StringBuilder();
        if ((flags & FIN) != 0) s.append('F');
        if ((flags & SYN) != 0) s.append('S');
        if ((flags & RST) != 0) s.append('R');
        if ((flags & PSH) != 0) s.append('P');
        if ((flags & ACK) != 0) s.append('.');
        if ((flags & URG) != 0) s.append('U');
        if ((flags & ECE) != 0) s.append('E');
        if ((flags & CWR) != 0) s.append('W');
        return s.length() == 0 ? "none" : s.toString();
    }

    private static String options(byte[] f, int at, int end) {
        StringBuilder s = new StringBuilder();
        while (at < end) {
            int kind = f[at] & 0xff;
            if (s.length() > 0) s.append(',');
            if (kind == 0 || kind == 1) {
                s.append(kind == 0 ? "eol" : "nop");
                at++;
                if (kind == 0) break;
                continue;
            }
            if (at + 1 >= end) break;
            int len = f[at + 1] & 0xff;
            if (len < 2 || at + len > end) {
                s.append("bad opt");
                break;
            }
            switch (kind) {
                case 2 -> s.append("mss ").append(u16(f, at + 2));
                case 3 -> s.append("wscale ").append(f[at + 2] & 0xff);
                case 4 -> s.append("sackOK");
                case 5 -> {
                    s.append("sack ").append((len - 2) / 8).append(' ');
                    for (int i = at + 2; i + 8 <= at + len; i += 8) s.append('{').append(u32(f, i)).append(':').append(u32(f, i + 4)).append('}');
                }
                case 8 -> s.append("TS val ").append(u32(f, at + 2)).append(" ecr ").append(u32(f, at + 6));
                default -> s.append("unknown-").append(kind);
            }
            at += len;
        }
        return s.toString();
    }
}

package dev.nsh.packet.ping;

import dev.nsh.packet.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ICMP and ICMPv6 echo messages as iputils ping builds and reads them: the data starts with the
 * send time as a {@code struct timeval}, followed by the bytes 0x10, 0x11 ... (byte i holds i).
 * Reading matches the echo id, because a raw socket sees every ICMP message of the namespace.
 */
final class EchoMessages {
    static final int ECHO_REQUEST_V4 = 8, ECHO_REPLY_V4 = 0, ECHO_REQUEST_V6 = 128, ECHO_REPLY_V6 = 129;
    static final int TIMEVAL_BYTES = 16;

    /** What one received datagram meant to this ping; null if it was not about it. */
    sealed interface Event {}

    record Reply(int seq, int ttl, int bytes, InetAddress from) implements Event {}

    record Error(int seq, InetAddress from, String message) implements Event {}

    private EchoMessages() {}

    /** An echo request with {@code size} data bytes; IPv4 gets its checksum, IPv6's is the kernel's. */
    static byte[] request(boolean v6, int id, int seq, int size, long sentMicros) {
        byte[] p = new byte[8 + size];
        ByteBuffer b = ByteBuffer.wrap(p);
        b.put((byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4)).put((byte) 0).putShort((short) 0)
                .putShort((short) id).putShort((short) seq);
        for (int i = 0; i < size; i++) p[8 + i] = (byte) i;
        stamp(v6, p, sentMicros);
        return p;
    }

    /**
     * Writes the send time into a request (if it has room for a timeval) and, for IPv4, its
     * checksum again: so the time can be taken just before the send, as iputils takes it.
     */
    static void stamp(boolean v6, byte[] p, long sentMicros) {
        if (p.length - 8 >= TIMEVAL_BYTES) {
            ByteBuffer.wrap(p).order(ByteOrder.nativeOrder()).putLong(8, sentMicros / 1_000_000).putLong(16, sentMicros % 1_000_000);
        }
        if (!v6) {
            p[2] = 0;
            p[3] = 0;
            int sum = Checksum.of(p, 0, p.length);
            p[2] = (byte) (sum >> 8);
            p[3] = (byte) sum;
        }
    }

    /** Decodes a datagram from a raw ICMP socket (with its IPv4 header) or ICMPv6 socket (without). */
    static Event read(boolean v6, byte[] d, InetAddress from, int hopLimit, int id) {
        int at = 0, ttl = hopLimit;
        if (!v6) {
            if (d.length < 20) return null;
            at = (d[0] & 0x0f) * 4;
            ttl = d[8] & 0xff;
        }
        if (d.length < at + 8) return null;
        int type = d[at] & 0xff, code = d[at + 1] & 0xff;
        if (type == (v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) {
            if (u16(d, at + 4) != id) return null;
            return new Reply(u16(d, at + 6), ttl, d.length - at, from);
        }
        String message = v6 ? IcmpErrors.v6(type, code, u32(d, at + 4)) : IcmpErrors.v4(type, code, u32(d, at + 4));
        if (message == null) return null;
        // The error quotes our request: its IP header, then at least 8 bytes of ICMP (type, code, sum, id, seq).
        int inner = at + 8;
        int quoted;
        if (v6) {
            if (d.length < inner + 40 || (d[inner + 6] & 0xff) != 58) return null;
            quoted = inner + 40;
        } else {
            if (d.length < inner + 20 || (d[inner + 9] & 0xff) != 1) return null;
            quoted = inner + (d[inner] & 0x0f) * 4;
        }
        if (d.length < quoted + 8) return null;
        if ((d[quoted] & 0xff) != (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4) || u16(d, quoted + 4) != id) return null;
        return new Error(u16(d, quoted + 6), from, message);
    }

    static int u16(byte[] d, int at) {
        return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
    }

    static long u32(byte[] d, int at) {
        return ((long) u16(d, at) << 16) | u16(d, at + 2);
    }
}

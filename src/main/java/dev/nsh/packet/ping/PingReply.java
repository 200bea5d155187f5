package dev.nsh.packet.ping;

/**
 * One echo reply: its sequence number, the TTL/hop limit it arrived with (-1 if unknown), the
 * round trip in microseconds (-1 when the data is too short to time it), the ICMP bytes, the
 * sender, and whether the sequence number had been answered already.
 */
public record PingReply(int seq, int ttl, long rttMicros, int bytes, String from, boolean duplicate) {
    /** The round trip in milliseconds. */
    public double timeMillis() {
        return rttMicros / 1000.0;
    }
}

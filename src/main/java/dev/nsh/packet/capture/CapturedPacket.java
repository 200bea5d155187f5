package dev.nsh.packet.capture;

import java.time.Instant;

/**
 * One captured frame: when the kernel saw it, its length on the wire, the bytes kept (up to the
 * snap length), whether this host sent it, and its headers decoded. {@link #line()} is tcpdump
 * -nn's line for it, without the timestamp.
 */
public record CapturedPacket(Instant time, int length, byte[] data, boolean outgoing, String line) {
    /** tcpdump's "HH:MM:SS.micros" followed by the line, in the local time zone as tcpdump prints. */
    @Override
    public String toString() {
        return PacketText.timestamp(time) + " " + line;
    }

    /** The decoded headers (Ethernet, ARP, IPv4/IPv6, ICMP, TCP, UDP). */
    public PacketHeaders headers() {
        return PacketHeaders.decode(data);
    }
}

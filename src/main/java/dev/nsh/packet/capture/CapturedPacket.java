package dev.nsh.packet.capture;

import java.time.Instant;

/**
 * One captured frame: when the kernel saw it, its length on the wire, the bytes kept (up to the
 * snap length), whether this host sent it, and its headers decoded. {@link #line()} is tcpdump
 * -nn's line for it, without the timestamp. A packet of a capture on "any" starts with a
 * LINUX_SLL2 header instead of Ethernet's ({@link #cooked()}) and names its interface in
 * {@link #dev()}; its length counts that header, as the pcap file does.
 */
public record CapturedPacket(Instant time, int length, byte[] data, boolean outgoing, String line, String dev, boolean cooked) {
    /** A frame of a capture on one device (an Ethernet frame). */
    public CapturedPacket(Instant time, int length, byte[] data, boolean outgoing, String line) {
        this(time, length, data, outgoing, line, null, false);
    }

    /** tcpdump's "HH:MM:SS.micros" followed by the line, in the local time zone as tcpdump prints. */
    @Override
    public String toString() {
        return PacketText.timestamp(time) + " " + line;
    }

    /** The decoded headers (Ethernet, ARP, IPv4/IPv6, ICMP, TCP, UDP). */
    public PacketHeaders headers() {
        return cooked ? PacketHeaders.decodeCooked(data) : PacketHeaders.decode(data);
    }
}

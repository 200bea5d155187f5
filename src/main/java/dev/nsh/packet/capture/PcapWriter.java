package dev.nsh.packet.capture;

import dev.nsh.error.NshException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A classic pcap file (magic a1b2c3d4, microsecond times, version 2.4, LINKTYPE_ETHERNET 1, or
 * LINKTYPE_LINUX_SLL2 276 for a capture on "any"), as {@code tcpdump -w} writes and
 * {@code tcpdump -r} reads. Written in the host's byte order, which the magic number tells readers.
 */
public final class PcapWriter implements AutoCloseable {
    public static final int LINKTYPE_ETHERNET = 1;

    private final Path path;
    private final OutputStream out;

    public PcapWriter(Path path, int snaplen) {
        this(path, snaplen, LINKTYPE_ETHERNET);
    }

    /** A file of packets of {@code linkType} (pcap's LINKTYPE_* number). */
    public PcapWriter(Path path, int snaplen, int linkType) {
        this.path = path;
        try {
            out = new BufferedOutputStream(Files.newOutputStream(path));
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.nativeOrder());
            h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen)
                    .putInt(linkType);
            out.write(h.array());
        } catch (IOException e) {
            throw new NshException("write pcap file " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(Instant time, byte[] data, int length) {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        h.putInt((int) time.getEpochSecond()).putInt(time.getNano() / 1000).putInt(data.length).putInt(length);
        try {
            out.write(h.array());
            out.write(data);
        } catch (IOException e) {
            throw new NshException("write pcap file " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(CapturedPacket p) {
        write(p.time(), p.data(), p.length());
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new NshException("close pcap file " + path + ": " + e.getMessage(), e);
        }
    }
}

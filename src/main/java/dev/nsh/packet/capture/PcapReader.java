package dev.nsh.packet.capture;

import dev.nsh.error.NshException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a classic pcap file of Ethernet frames (either byte order, micro- or nanosecond magic). */
public final class PcapReader {
    private PcapReader() {}

    /** Every packet of the file, printed as tcpdump -nn would print them (lines without timestamps). */
    public static List<CapturedPacket> read(Path path) {
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new NshException("read pcap file " + path + ": " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 24) throw new NshException("pcap file " + path + " is " + all.length + " bytes; a pcap header alone is 24");
        int magic = b.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new NshException("file " + path + " is not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        boolean nanos = magic == 0xa1b23c4d;
        int linktype = b.getInt(20);
        if (linktype != PcapWriter.LINKTYPE_ETHERNET) {
            throw new NshException("pcap file " + path + " has link type " + linktype + "; nsh reads Ethernet (1) only");
        }
        long snaplen = Integer.toUnsignedLong(b.getInt(16));
        List<CapturedPacket> out = new ArrayList<>();
        PacketText text = new PacketText();
        int at = 24;
        while (at < all.length) {
            int record = out.size() + 1;
            if (at + 16 > all.length) {
                throw new NshException("pcap file " + path + ": record " + record + " at offset " + at + " is cut short (its 16-byte header has "
                        + (all.length - at) + ")");
            }
            long sec = Integer.toUnsignedLong(b.getInt(at));
            long frac = Integer.toUnsignedLong(b.getInt(at + 4));
            long caplen = Integer.toUnsignedLong(b.getInt(at + 8)), len = Integer.toUnsignedLong(b.getInt(at + 12));
            if (caplen > Math.max(snaplen, 262144)) {
                throw new NshException("pcap file " + path + ": record " + record + " at offset " + at + " claims " + caplen
                        + " captured bytes, more than the snapshot length " + snaplen);
            }
            if (at + 16 + caplen > all.length) {
                throw new NshException("pcap file " + path + ": record " + record + " at offset " + at + " is cut short: it claims " + caplen
                        + " bytes, the file has " + (all.length - at - 16));
            }
            if (nanos ? frac >= 1_000_000_000L : frac >= 1_000_000L) {
                throw new NshException("pcap file " + path + ": record " + record + " at offset " + at + " has a fraction of a second of "
                        + frac + (nanos ? " ns" : " us") + ", more than a second");
            }
            byte[] data = java.util.Arrays.copyOfRange(all, at + 16, at + 16 + (int) caplen);
            Instant t = Instant.ofEpochSecond(sec, nanos ? frac : frac * 1000);
            int wire = (int) Math.min(len, Integer.MAX_VALUE);
            out.add(new CapturedPacket(t, wire, data, false, text.line(data, wire)));
            at += 16 + (int) caplen;
        }
        return out;
    }
}

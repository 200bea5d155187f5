package dev.nsh.packet.capture;

import dev.nsh.error.NshException;
import dev.nsh.packet.HostilePacketsTestFrames;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The printer and the pcap reader on crafted input: a line for any frame, a clear error for a bad file. No root. */
class MalformedInputTest {

    @Test
    void aTcpOptionRunningOffTheHeaderStillGetsALine() {
        byte[] f = HostilePacketsTestFrames.tcpWithBrokenOption();
        String line = new PacketText().line(f, f.length);
        assertTrue(line.startsWith("IP 10.0.0.10.40000 > 10.0.0.20.80:") || line.startsWith("[|malformed frame]"), line);
    }

    private static Path pcap(int caplen, int len, int fraction, int dataBytes) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1).putInt(fraction).putInt(caplen).putInt(len);
        Path p = Files.createTempFile("nsh-bad", ".pcap");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void aRecordClaimingMoreThanTheFileHoldsIsAClearError() throws Exception {
        Path p = pcap(0x7ffffff0, 60, 0, 10);
        try {
            NshException e = assertThrows(NshException.class, () -> PcapReader.read(p));
            assertEquals("pcap file " + p + ": record 1 at offset 24 claims 2147483632 captured bytes, more than the snapshot length 65535", e.getMessage());
        } finally {
            Files.delete(p);
        }
        Path cut = pcap(60, 60, 0, 10);
        try {
            NshException e = assertThrows(NshException.class, () -> PcapReader.read(cut));
            assertEquals("pcap file " + cut + ": record 1 at offset 24 is cut short: it claims 60 bytes, the file has 10", e.getMessage());
        } finally {
            Files.delete(cut);
        }
        Path frac = pcap(10, 10, 2_000_000, 10);
        try {
            NshException e = assertThrows(NshException.class, () -> PcapReader.read(frac));
            assertTrue(e.getMessage().endsWith("has a fraction of a second of 2000000 us, more than a second"), e.getMessage());
        } finally {
            Files.delete(frac);
        }
    }
}

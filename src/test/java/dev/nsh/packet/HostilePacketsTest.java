package dev.nsh.packet;

import dev.nsh.ops.LinkOps;
import dev.nsh.ops.Sysctl;
import dev.nsh.packet.capture.Capture;
import dev.nsh.packet.capture.CaptureOptions;
import dev.nsh.packet.capture.CapturedPacket;
import dev.nsh.packet.ping.Ping;
import dev.nsh.packet.ping.PingOptions;
import dev.nsh.packet.ping.PingResult;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packets no stack would send, put on the wire by hand: a capture survives a malformed frame, a
 * ping counts a reply only from the address it pinged (as iputils), and a capture left running
 * keeps a bounded number of packets in memory. Judged by what crosses the veth and by tcpdump.
 */
@NeedsRoot
@Timeout(60)
@ExtendWith(Leftovers.class)
class HostilePacketsTest {

    /** TCP to port 80 whose last option is a two-byte MSS (kind 2, length 2): its value runs off the header. */
    static byte[] tcpWithBrokenOption(String dstMac, String srcMac) {
        ByteBuffer tcp = ByteBuffer.allocate(24);
        tcp.putShort((short) 40000).putShort((short) 80).putInt(1).putInt(0).put((byte) (6 << 4)).put((byte) 0x02)
                .putShort((short) 1024).putShort((short) 0).putShort((short) 0).put(new byte[] {1, 1, 2, 2});
        return RawFrames.ipv4(dstMac, srcMac, 6, "10.0.0.10", "10.0.0.20", tcp.array());
    }

    @Test
    void aCaptureSurvivesAMalformedFrameAndGoesOn() {
        try (VethPair p = new VethPair("hostile")) {
            String macA = LinkOps.mac(p.a, p.devA), macB = LinkOps.mac(p.b, p.devB);
            try (Capture c = Capture.start(p.b, p.devB, CaptureOptions.filter("tcp or icmp"), null)) {
                RawFrames.send(p.a, p.devA, tcpWithBrokenOption(macB, macA));
                assertTrue(c.await(1, Duration.ofSeconds(3)), "the crafted frame was captured");
                PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.20").count(2).interval(0.05), null);
                assertEquals(2, r.received());
                assertTrue(c.await(5, Duration.ofSeconds(3)), "the capture went on after the crafted frame: " + c.packets());
                c.stop();
                List<CapturedPacket> packets = c.packets();
                assertTrue(packets.get(0).line().startsWith("IP 10.0.0.10.40000 > 10.0.0.20.80: Flags [S]")
                        || packets.get(0).line().startsWith("[|malformed frame]"), packets.get(0).line());
                assertEquals(4, packets.stream().filter(x -> x.line().contains("ICMP echo")).count(), packets.toString());
            }
        }
    }

    @Test
    void aPingCountsRepliesOnlyFromTheAddressPinged() throws Exception {
        try (VethPair p = new VethPair("spoof")) {
            String macA = LinkOps.mac(p.a, p.devA), macB = LinkOps.mac(p.b, p.devB);
            Sysctl.set(p.b, "net.ipv4.icmp_echo_ignore_all", "1"); // b's kernel answers nothing: only the forger does
            for (String from : new String[] {"10.0.0.99", "10.0.0.20"}) {
                AtomicBoolean stop = new AtomicBoolean();
                try (Capture requests = Capture.start(p.b, p.devB, CaptureOptions.filter("icmp and src host 10.0.0.10"), null);
                     Capture forged = Capture.start(p.a, p.devA, CaptureOptions.filter("icmp and src host " + from), null)) {
                    Thread forger = new Thread(() -> {
                        int answered = 0;
                        while (!stop.get()) {
                            if (!requests.await(answered + 1, Duration.ofMillis(50))) continue;
                            byte[] req = requests.packets().get(answered++).data();
                            int icmp = 14 + (req[14] & 0x0f) * 4;
                            int id = ((req[icmp + 4] & 0xff) << 8) | (req[icmp + 5] & 0xff), seq = ((req[icmp + 6] & 0xff) << 8) | (req[icmp + 7] & 0xff);
                            byte[] data = java.util.Arrays.copyOfRange(req, icmp + 8, req.length);
                            RawFrames.send(p.b, p.devB, RawFrames.ipv4(macA, macB, 1, from, "10.0.0.10", RawFrames.echoReply(id, seq, data)));
                        }
                    });
                    forger.start();
                    PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.20").count(3).interval(0.5).timeout(1), null);
                    stop.set(true);
                    forger.join();
                    assertTrue(forged.await(3, Duration.ofSeconds(3)), "the replies from " + from + " reached " + p.devA);
                    assertEquals(from.equals("10.0.0.20") ? 3 : 0, r.received(), "replies counted from " + from);
                }
            }
        }
    }

    @Test
    void aCaptureLeftRunningKeepsTheNewestPacketsAndSaysHowManyItLetGo() throws Exception {
        try (VethPair p = new VethPair("keep")) {
            try (Tcpdump.Live tcpdump = Tcpdump.start(p.b.name(), p.devB, "icmp")) {
                java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
                try (Capture c = Capture.start(p.b, p.devB, CaptureOptions.filter("icmp").keep(5), new java.io.PrintStream(text, true))) {
                    PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.20").count(20).interval(0.1), null);
                    assertEquals(20, r.received());
                    assertTrue(c.await(40, Duration.ofSeconds(3)));
                    c.stop();
                    assertEquals(40, c.captured());
                    assertEquals(5, c.packets().size(), "only the newest five kept");
                    assertEquals(35, c.forgotten());
                    assertTrue(c.packets().get(4).line().contains("ICMP echo reply, id") && c.packets().get(4).line().contains("seq 20,"),
                            c.packets().get(4).line());
                    assertTrue(text.toString().contains("35 packets not kept in memory (keep: 5 packets, at most 64 MiB; packets() has the newest)"), text.toString());
                    List<String> theirs = tcpdump.packets(40);
                    assertEquals(40, theirs.size(), "tcpdump counts the same 40");
                    assertEquals(theirs.subList(35, 40), c.packets().stream().map(CapturedPacket::line).toList(), "the newest five are tcpdump's last five");
                }
            }
        }
    }
}

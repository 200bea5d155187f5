package dev.nsh.packet.capture;

import dev.nsh.error.InvalidInputException;
import dev.nsh.ns.Namespaces;
import dev.nsh.packet.*;
import dev.nsh.packet.capture.*;
import dev.nsh.packet.ping.*;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Wait;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@NeedsRoot
@org.junit.jupiter.api.extension.ExtendWith(Leftovers.class)
class CaptureTest {
    @Test
    void theFilterLetsOnlyIcmpThroughWhileUdpFlows() throws Exception {
        String nameA, nameB;
        try (VethPair p = new VethPair("cap"); Tcpdump.Live judge = Tcpdump.start(p.a.name(), p.devA, "icmp")) {
            nameA = p.a.name();
            nameB = p.b.name();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            try (DatagramChannel receiver = Traffic.udpReceiver(p.b, "10.0.0.20", 40001);
                 Capture udp = Capture.start(p.a, p.devA, CaptureOptions.filter("udp"), null);
                 Capture icmp = Capture.start(p.a, p.devA, CaptureOptions.filter("icmp"), new PrintStream(text, true))) {
                Thread sender = new Thread(() -> {
                    for (int i = 0; i < 10; i++) Traffic.udp(p.a, "10.0.0.20", 40001, 5);
                });
                sender.start();
                PingResult r = Ping.run(p.a, PingOptions.to("10.0.0.20").count(3).interval(0.2), null);
                sender.join();
                assertEquals(3, r.received());
                assertTrue(icmp.await(6, Duration.ofSeconds(3)));
                assertTrue(udp.await(50, Duration.ofSeconds(3)), "the UDP really flowed: " + udp.packets().size());
                // tcpdump on the same link at the same time has its six too: then nothing more is coming.
                List<String> tcpdumps = judge.packets(6);
                CaptureStats stats = icmp.stop();
                List<CapturedPacket> packets = icmp.packets();
                assertEquals(6, packets.size(), packets.toString());
                assertEquals(tcpdumps, packets.stream().map(CapturedPacket::line).toList(), "what tcpdump captured beside it");
                for (CapturedPacket c : packets) {
                    assertEquals("ICMP", c.headers().transport(), c.toString());
                    assertTrue(c.line().matches("IP 10\\.0\\.0\\.(10|20) > 10\\.0\\.0\\.(10|20): ICMP echo (request|reply), id \\d+, seq [123], length 64"), c.line());
                    assertEquals(98, c.length());
                }
                assertTrue(packets.get(0).outgoing());
                assertFalse(packets.get(1).outgoing());
                assertEquals(new CaptureStats(6, 6, 0), stats);
                String out = text.toString(StandardCharsets.UTF_8);
                assertTrue(out.startsWith("listening on " + p.devA + ", link-type EN10MB (Ethernet), snapshot length 262144 bytes\n"), out);
                assertTrue(out.endsWith("\n6 packets captured\n6 packets received by filter\n0 packets dropped by kernel\n"), out);
            }
        }
        assertFalse(Namespaces.exists(nameA));
        assertFalse(Namespaces.exists(nameB));
    }

    @Test
    void runStopsAtTheCountOrTheTimeout() {
        try (VethPair p = new VethPair("run")) {
            // Pings for 4 s: the capture below opens well within them and stops at its count.
            Thread pinger = new Thread(() -> Ping.run(p.a, PingOptions.to("10.0.0.20").count(80).interval(0.05), null));
            pinger.start();
            Capture c = Capture.run(p.b, p.devB, CaptureOptions.parse("icmp count:2 timeout:5"), null);
            assertEquals(2, c.packets().size());
            assertEquals(2, c.stats().captured());
            Capture none = Capture.run(p.b, p.devB, CaptureOptions.parse("tcp timeout:0.3"), null);
            assertEquals(0, none.packets().size());
            assertEquals("0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n", none.stats().toString());
            try {
                pinger.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void anInterruptEndsRunWithTheSummary() throws Exception {
        try (VethPair p = new VethPair("cint")) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            java.util.concurrent.atomic.AtomicReference<Capture> result = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(() -> result.set(Capture.run(p.b, p.devB, CaptureOptions.filter("icmp"), new PrintStream(text, true))));
            t.start();
            assertTrue(Wait.until(30_000, () -> text.toString(StandardCharsets.UTF_8).startsWith("listening on")), text::toString);
            Ping.run(p.a, PingOptions.to("10.0.0.20").count(2).interval(0.05), null);
            // Interrupted once it has printed the four packets (two requests, two replies).
            assertTrue(Wait.until(30_000, () -> text.toString(StandardCharsets.UTF_8).split("ICMP echo", -1).length - 1 == 4), text::toString);
            t.interrupt();
            t.join();
            assertEquals(4, result.get().packets().size());
            assertTrue(text.toString(StandardCharsets.UTF_8).endsWith("\n4 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n"));
        }
    }

    @Test
    void aMalformedFilterFailsBeforeAnySocketIsOpened() {
        try (VethPair p = new VethPair("bad")) {
            var e = assertThrows(InvalidInputException.class,
                    () -> Capture.start(p.a, p.devA, CaptureOptions.filter("icmp and"), null));
            assertEquals("filter \"icmp and\": expected an expression after \"and\" at position 9", e.getMessage());
        }
    }
}

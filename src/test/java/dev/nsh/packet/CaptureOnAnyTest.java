package dev.nsh.packet;

import dev.nsh.error.InvalidInputException;
import dev.nsh.ops.LinkOps;
import dev.nsh.packet.capture.*;
import dev.nsh.packet.filter.Filter;
import dev.nsh.packet.filter.LinkLayer;
import dev.nsh.packet.ping.*;
import dev.nsh.testing.NeedsRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A capture on "any" beside tcpdump -i any in the same namespace, on traffic over a veth and
 * loopback: tcpdump judges the lines (interface, direction), the LINUX_SLL2 file nsh writes
 * (tcpdump -e -r, read in that namespace so that ifindexes name its links) and each filter's
 * decisions, the kernel's (cooked socket) and the interpreter's (SLL2 frames).
 */
@NeedsRoot
@ExtendWith(Leftovers.class)
class CaptureOnAnyTest {
    @TempDir
    Path dir;

    static final List<String> EXPRESSIONS = List.of("icmp", "udp", "ip6", "arp", "host 127.0.0.1", "not icmp", "udp port 40001",
            "dst host 10.0.0.20", "icmp[icmptype] == icmp-echo", "tcp or udp", "portrange 40000-40002", "ip[8] = 64", "net 127.0.0.0/8 and icmp");

    @Test
    void everyLinkOfTheNamespaceAsTcpdumpIAnySeesIt() throws Exception {
        Path ours = dir.resolve("any.pcap");
        try (VethPair p = new VethPair("any")) {
            LinkOps.setUp(p.a, "lo", true);
            Map<String, Capture> filtered = new LinkedHashMap<>();
            try {
                for (String e : EXPRESSIONS) filtered.put(e, Capture.start(p.a, "any", CaptureOptions.filter(e), null));
                List<CapturedPacket> all = besideTcpdump(p, ours);
                judgeFilters(p.a.name(), ours, all, filtered);
                assertTrue(all.stream().anyMatch(c -> "lo".equals(c.dev()) && "ICMP".equals(c.headers().transport())));
                assertTrue(all.stream().anyMatch(c -> p.devA.equals(c.dev()) && "UDP".equals(c.headers().transport())
                        && c.headers().dstPort() == 40001 && c.outgoing()));
            } finally {
                filtered.values().forEach(Capture::stop);
            }
        }
    }

    /** Traffic over the veth and lo, captured by nsh (icmp, printed; everything, to {@code ours}) and tcpdump -i any icmp. */
    private static List<CapturedPacket> besideTcpdump(VethPair p, Path ours) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (Tcpdump.Live judge = Tcpdump.start(p.a.name(), "any", "icmp");
             Capture icmp = Capture.start(p.a, "any", CaptureOptions.filter("icmp"), new PrintStream(text, true));
             Capture every = Capture.start(p.a, "any", CaptureOptions.parse("pcap:" + ours), null);
             DatagramChannel r = Traffic.udpReceiver(p.b, "10.0.0.20", 40001)) {
            assertEquals(3, Ping.run(p.a, PingOptions.to("10.0.0.20").count(3).interval(0.05), null).received());
            assertEquals(2, Ping.run(p.a, PingOptions.to("127.0.0.1").count(2).interval(0.05), null).received());
            Traffic.udp(p.a, "10.0.0.20", 40001, 4);
            // 3 echoes over the veth (request Out, reply In), 2 over lo (In only: libpcap drops lo's Out twin): 10
            assertTrue(icmp.await(10, Duration.ofSeconds(10)), icmp.packets().toString());
            // ARP, router solicitations and MLD reports come at times of the kernel's choosing: wait for what was sent
            assertTrue(awaitSent(every, p.devA), every.packets().toString());
            every.stop();
            Path theirs = judge.file(10);
            icmp.stop();
            List<String> judged = Tcpdump.readIn(p.a.name(), theirs, false, null);
            assertEquals(10, judged.size(), judged.toString());
            assertEquals(judged, icmp.packets().stream().map(CapturedPacket::line).toList(), "tcpdump -i any beside nsh");
            assertTrue(judged.stream().anyMatch(l -> l.startsWith("lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP echo reply")), judged.toString());
            assertTrue(judged.stream().anyMatch(l -> l.startsWith(String.format("%-5s Out IP 10.0.0.10 > 10.0.0.20: ICMP echo request", p.devA))),
                    judged.toString());
            // nsh's file, read by tcpdump -e: the same interfaces, directions, MACs and protocols as tcpdump's own.
            assertEquals(Tcpdump.readIn(p.a.name(), theirs, true, null), Tcpdump.readIn(p.a.name(), ours, true, "icmp"));
            String out = text.toString(StandardCharsets.UTF_8);
            assertTrue(out.startsWith("listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n"), out);
            assertTrue(out.endsWith("\n10 packets captured\n14 packets received by filter\n0 packets dropped by kernel\n"), out);
            List<CapturedPacket> all = every.packets();
            assertEquals(Tcpdump.readIn(p.a.name(), ours, false, null), all.stream().map(CapturedPacket::line).toList());
            return all;
        }
    }

    /** Until {@code every} holds the 10 echoes and the 4 datagrams out of {@code dev}, or 10 s have passed. */
    private static boolean awaitSent(Capture every, String dev) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            List<CapturedPacket> seen = every.packets();
            long icmp = seen.stream().filter(c -> "ICMP".equals(c.headers().transport())).count();
            long udp = seen.stream().filter(c -> dev.equals(c.dev()) && "UDP".equals(c.headers().transport())
                    && c.headers().dstPort() == 40001 && c.outgoing()).count();
            if (icmp >= 10 && udp == 4) return true;
            Thread.sleep(20);
        }
        return false;
    }

    /** The kernel's filters (cooked socket) and the interpreter's (SLL2 frames) against tcpdump -r EXPR on nsh's file. */
    private static void judgeFilters(String ns, Path ours, List<CapturedPacket> all, Map<String, Capture> filtered) {
        Instant first = all.get(0).time(), last = all.get(all.size() - 1).time();
        for (Map.Entry<String, Capture> e : filtered.entrySet()) {
            List<String> expected = Tcpdump.readIn(ns, ours, false, e.getKey());
            assertTrue(e.getValue().await(expected.size(), Duration.ofSeconds(10)), e.getKey());
            e.getValue().stop();
            List<String> kernel = new ArrayList<>();
            for (CapturedPacket c : e.getValue().packets()) {
                if (!c.time().isBefore(first) && !c.time().isAfter(last)) kernel.add(c.line());
            }
            assertEquals(expected, kernel, "the kernel's filter " + e.getKey());
            Filter f = Filter.compile(e.getKey(), Filter.DEFAULT_SNAPLEN, LinkLayer.SLL2);
            assertEquals(expected, all.stream().filter(c -> f.matches(c.data())).map(CapturedPacket::line).toList(),
                    "the interpreter on SLL2 frames: " + e.getKey() + "\n" + f.program());
        }
    }

    @Test
    void ethernetFieldsAreRefusedOnAnyBeforeASocketIsOpened() {
        try (VethPair p = new VethPair("anyeth")) {
            var e = assertThrows(InvalidInputException.class,
                    () -> Capture.start(p.a, "any", CaptureOptions.filter("icmp or ether host 02:00:00:00:00:01"), null));
            assertEquals("filter \"icmp or ether host 02:00:00:00:00:01\": ether addresses and ether[...] test an Ethernet header;"
                    + " packets on \"any\" have a Linux cooked header instead", e.getMessage());
        }
    }
}

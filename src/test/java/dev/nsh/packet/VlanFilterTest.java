package dev.nsh.packet;

import dev.nsh.error.InvalidInputException;
import dev.nsh.packet.capture.*;
import dev.nsh.packet.filter.Filter;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code vlan} and {@code vlan N}: tcpdump -r judges the interpreter on a pcap of tagged frames
 * (802.1Q, 802.1ad, 0x9100, stacked, untagged); tcpdump on the same veth judges the kernel,
 * which sees the tag in the frame as a's packets leave and in skb metadata as b receives them.
 */
@NeedsRoot
class VlanFilterTest {
    @TempDir
    Path dir;

    /** An ICMP echo reply from 10.0.0.10 to 10.0.0.20, seq {@code seq}, under the tags given as TPID, TCI pairs. */
    static byte[] tagged(int seq, int... tags) {
        byte[] plain = RawFrames.ipv4("02:00:00:00:00:20", "02:00:00:00:00:10", 1, "10.0.0.10", "10.0.0.20",
                RawFrames.echoReply(4242, seq, new byte[16]));
        ByteBuffer b = ByteBuffer.allocate(plain.length + 2 * tags.length);
        b.put(plain, 0, 12);
        for (int t : tags) b.putShort((short) t);
        b.put(plain, 12, plain.length - 12);
        return b.array();
    }

    static List<byte[]> frames() {
        return List.of(tagged(1), tagged(2, 0x8100, 10), tagged(3, 0x8100, (5 << 13) | 20), tagged(4, 0x88a8, 10),
                tagged(5, 0x9100, 4095), tagged(6, 0x88a8, 100, 0x8100, 10), tagged(7, 0x8100, 0), tagged(8, 0x8100, 0x1000 | 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vlan", "vlan 10", "vlan 20", "vlan 4095", "vlan 0", "vlan 100", "not vlan", "icmp or vlan 10",
        "not vlan 20", "ip or vlan", "arp or vlan 20"})
    void theInterpreterAcceptsWhatTcpdumpAcceptsInAFile(String expression) {
        Path file = dir.resolve("vlan.pcap");
        List<byte[]> frames = frames();
        try (PcapWriter w = new PcapWriter(file, Filter.DEFAULT_SNAPLEN)) {
            for (int i = 0; i < frames.size(); i++) w.write(Instant.ofEpochSecond(1000 + i), frames.get(i), frames.get(i).length);
        }
        Filter f = Filter.compile(expression);
        List<Integer> ours = IntStream.range(0, frames.size()).filter(i -> f.matches(frames.get(i))).boxed().toList();
        List<Integer> theirs = new ArrayList<>();
        for (String line : Tcpdump.read(file, true, expression)) theirs.add(Integer.parseInt(line.substring(0, line.indexOf('.'))) - 1000);
        assertEquals(theirs, ours, () -> "filter " + expression + "\n" + f.program());
    }

    @Test
    void theKernelPassesWhatTcpdumpPassesOnBothEndsOfAVeth() throws Exception {
        try (VethPair p = new VethPair("vlan")) {
            Map<String, Capture> out = new LinkedHashMap<>(), in = new LinkedHashMap<>();
            Map<String, Tcpdump.Live> judgesOut = new LinkedHashMap<>(), judgesIn = new LinkedHashMap<>();
            List<String> judged = List.of("vlan", "vlan 10", "not vlan 20", "icmp or vlan 10");
            try {
                for (String e : judged) {
                    out.put(e, Capture.start(p.a, p.devA, CaptureOptions.filter(kernelFilter(e)), null));
                    in.put(e, Capture.start(p.b, p.devB, CaptureOptions.filter(kernelFilter(e)), null));
                    judgesOut.put(e, Tcpdump.start(p.a.name(), p.devA, kernelFilter(e)));
                    judgesIn.put(e, Tcpdump.start(p.b.name(), p.devB, kernelFilter(e)));
                }
                for (byte[] f : frames()) RawFrames.send(p.a, p.devA, f);
                RawFrames.send(p.a, p.devA, tagged(9, 0x8100, 10)); // the last, and every filter here passes it
                for (String e : judged) {
                    for (Map.Entry<String, Map<String, Tcpdump.Live>> side : Map.of("a", judgesOut, "b", judgesIn).entrySet()) {
                        Tcpdump.Live judge = side.getValue().get(e);
                        assertTrue(Wait.until(10_000, () -> judge.soFar().stream().anyMatch(l -> l.contains(", seq 9,"))), e + ": " + judge.soFar());
                    }
                    int onA = judgesOut.get(e).packets(0).size(), onB = judgesIn.get(e).packets(0).size();
                    assertTrue(out.get(e).await(onA, Duration.ofSeconds(10)) & in.get(e).await(onB, Duration.ofSeconds(10)), e);
                    out.get(e).stop();
                    in.get(e).stop();
                    assertEquals(onA, out.get(e).packets().size(), "nsh beside tcpdump on a's end (the tag in the frame): " + e);
                    assertEquals(onB, in.get(e).packets().size(), "nsh beside tcpdump on b's end (the tag in skb metadata): " + e);
                    // On a: the untagged frame and the three tagged vid 10 in the frame. On b the kernel took one
                    // 802.1Q/802.1ad tag out, so "icmp" sees the packet inside all but the stacked and 0x9100 frames.
                    if (e.equals("icmp or vlan 10")) assertEquals(List.of(4, 7), List.of(onA, onB));
                }
            } finally {
                out.values().forEach(Capture::stop);
                in.values().forEach(Capture::stop);
                judgesOut.values().forEach(Tcpdump.Live::close);
                judgesIn.values().forEach(Tcpdump.Live::close);
            }
        }
    }

    @Test
    void aTagTheKernelTookOutIsPutBackAsLibpcapPutsIt() throws Exception {
        Path ours = dir.resolve("b.pcap");
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        try (VethPair p = new VethPair("vtag");
             Tcpdump.Live judge = Tcpdump.start(p.b.name(), p.devB, "not ip6");
             Capture mine = Capture.start(p.b, p.devB, CaptureOptions.parse("pcap:" + ours).withFilter("not ip6"),
                     new java.io.PrintStream(text, true))) {
            List<byte[]> sent = List.of(tagged(1), tagged(2, 0x8100, 10), tagged(3, 0x8100, (5 << 13) | 20), tagged(4, 0x88a8, 10),
                    tagged(5, 0x88a8, 100, 0x8100, 10), tagged(6, 0x9100, 30));
            for (byte[] f : sent) RawFrames.send(p.a, p.devA, f);
            Path theirs = judge.file(sent.size());
            assertTrue(mine.await(sent.size(), Duration.ofSeconds(10)), mine.packets().toString());
            mine.stop();
            List<String> withMacs = Tcpdump.readIn(p.b.name(), theirs, true, null);
            assertEquals(withMacs, Tcpdump.readIn(p.b.name(), ours, true, null), "tcpdump -e on nsh's file and on its own");
            assertTrue(withMacs.get(1).contains("ethertype 802.1Q (0x8100), length 62: vlan 10, p 0, ethertype IPv4"), withMacs.toString());
            assertEquals(Tcpdump.readIn(p.b.name(), theirs, false, null), mine.packets().stream().map(CapturedPacket::line).toList(),
                    "nsh's lines beside tcpdump's");
            assertTrue(mine.packets().stream().allMatch(c -> "ICMP".equals(c.headers().transport())), "headers look inside the tags");
        }
    }

    /** Only the test's frames: not the veth's own IPv6 (router and neighbour solicitations, MLD). */
    private static String kernelFilter(String e) {
        return "not ip6 and (" + e + ")";
    }

    @Test
    void primitivesAfterVlanAndBadIdsAreRefused() {
        var e = assertThrows(InvalidInputException.class, () -> Filter.compile("vlan 10 and icmp"));
        assertEquals("filter \"vlan 10 and icmp\": \"icmp\" after \"vlan\": nsh does not read later primitives past the VLAN"
                + " tag as libpcap does; put \"vlan\" last at position 13", e.getMessage());
        var id = assertThrows(InvalidInputException.class, () -> Filter.compile("vlan 4096"));
        assertEquals("filter \"vlan 4096\": VLAN id 4096 is out of range 0..4095 at position 6", id.getMessage());
    }
}

package dev.nsh.tc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.LinkConditions;
import dev.nsh.ns.Netns;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Proc;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code a.iperf(b, udp: true)} and {@code rate:} against the kernel: a veth va (10.9.2.1) in a, vb
 * (10.9.2.2) in b, IPv6 off so that only the test's packets cross. Judged by nsh's netem engine's
 * own count of what it dropped, by tbf's rate, and by iperf3 run over the same link.
 */
@NeedsRoot
class IperfUdpTest {
    private final Scratch scratch = new Scratch();
    private Netns a, b;

    @BeforeEach
    void pair() {
        Scratch.Pair p = scratch.vethPair("iperfu", "10.9.2");
        a = p.a();
        b = p.b();
    }

    @AfterEach
    void cleanUp() {
        Netem.stopAll();
        scratch.close();
    }

    private static Map<String, Object> opts(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void udpAtTenMbitOnAnUnshapedVethArrivesWholeAtThatRateOnThreadsOutsideTheNamespaces() throws Exception {
        AtomicReference<IperfResult> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(Iperf.run(a, b, opts("udp", true, "rate", "10mbit", "seconds", 2))));
        t.start();
        String root = Proc.rootNet();
        int seen = 0;
        // looked at while the test runs (2 s), until both its threads are there
        while (seen < 2 && t.isAlive()) {
            seen = 0;
            for (var e : Proc.threadNets().entrySet()) {
                Path comm = Path.of("/proc/self/task/" + e.getKey() + "/comm");
                String name = Files.exists(comm) ? Files.readString(comm).strip() : "";
                if (!name.startsWith("nsh-iperf-udp")) continue;
                seen++;
                assertEquals(root, e.getValue(), name + " moves bytes outside every namespace");
            }
            if (seen < 2) Thread.sleep(20);
        }
        assertEquals(2, seen, "a sender and a receiver");
        t.join();
        IperfResult r = result.get();
        assertTrue(r.udp());
        assertEquals(r.sentDatagrams(), r.datagrams());
        assertEquals(r.sentDatagrams() * 1460, r.sentBytes(), "1460 bytes a datagram, iperf3's default");
        double mbit = r.senderBitsPerSecond() / 1e6;
        assertTrue(mbit > 9 && mbit < 10.5, "sent at 10 Mbit/s: " + r);
        assertTrue(r.lostDatagrams() * 100 <= r.datagrams(), "an unshaped veth loses next to nothing: " + r);
        assertEquals(r.sentBytes() - r.lostDatagrams() * 1460, r.receivedBytes(), r.toString());
        assertTrue(r.jitterSeconds() >= 0 && r.jitterSeconds() < 0.05, r.toString());
        String[] lines = r.toString().split("\n");
        assertEquals("Connecting to host 10.9.2.2 from " + a.name() + ", 1 stream (UDP)", lines[0]);
        assertEquals("[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams", lines[1]);
        assertTrue(lines[2].matches("\\[SUM\\]   0\\.00-2\\.0[0-9]   sec  [0-9. ]+ MBytes  [0-9. ]+ Mbits/sec  0\\.000 ms  0/"
                + r.sentDatagrams() + " \\(0%\\)  sender"), lines[2]);
        assertTrue(lines[3].matches("\\[SUM\\]   0\\.00-2\\.[0-9]{2}   sec  [0-9. ]+ MBytes  [0-9. ]+ Mbits/sec  [0-9]\\.[0-9]{3} ms  "
                + r.lostDatagrams() + "/" + r.datagrams() + " \\([0-9.e+]+%\\)  receiver"), lines[3]);
    }

    @Test
    void lossOfTenPercentIsTheLossTheNetemEngineCounted() {
        Netem.set(a, "va", LinkConditions.parse("netem", Map.of("loss", "10%", "seed", 7), List.of()), "nsh");
        IperfResult r = Iperf.run(a, b, opts("udp", true, "rate", "5mbit", "seconds", 2, "length", 1000));
        NetemState s = Netem.get(a, "va");
        assertEquals(s.lost(), r.lostDatagrams(), "datagrams lost, as the engine that dropped them counts\n" + r + "\n" + s);
        assertTrue(r.lossPercent() > 7 && r.lossPercent() < 13, r.toString());
        assertEquals((r.sentDatagrams() - r.lostDatagrams()) * 1000, r.receivedBytes());
    }

    /**
     * 20 Mbit/s into a tbf of 10: the sender waits for a writable socket, as iperf3's select()
     * loop does, and the kernel calls it writable while less than half its send buffer is queued;
     * so both are held back to the link's rate, and lose what the queue cannot hold (here nothing).
     */
    @Test
    void twentyMbitIntoATenMbitTbfArriveAtTenAsIperf3Measures() throws Exception {
        Netem.set(a, "va", LinkConditions.parse("netem", Map.of("rate", "10mbit"), List.of()), "kernel");
        IperfResult r = Iperf.run(a, b, opts("udp", true, "rate", "20mbit", "seconds", 3));
        Map<?, ?> theirs = TcJudge.iperf3Udp(a.name(), b.name(), "10.9.2.2", 3, "20M");
        agree(r, theirs);
    }

    /** Into nsh's engine at 10 Mbit/s the sender is not held back (the tap takes every frame): half is lost, as iperf3 loses it. */
    @Test
    void twentyMbitIntoTheEnginesTenLoseHalfAsIperf3Does() throws Exception {
        Netem.set(a, "va", LinkConditions.parse("netem", Map.of("rate", "10mbit", "limit", 100), List.of()), "nsh");
        IperfResult r = Iperf.run(a, b, opts("udp", true, "rate", "20mbit", "seconds", 3));
        assertTrue(r.lossPercent() > 25 && r.lossPercent() < 75, "about half is dropped: " + r);
        Map<?, ?> theirs = TcJudge.iperf3Udp(a.name(), b.name(), "10.9.2.2", 3, "20M");
        agree(r, theirs);
    }

    private static void agree(IperfResult r, Map<?, ?> theirs) {
        double mine = r.receiverBitsPerSecond() / 1e6, iperf3 = ((Number) theirs.get("bits_per_second")).doubleValue() / 1e6;
        assertTrue(mine > 5 && mine < 13, "the receiver's rate is the link's: " + r);
        assertTrue(Math.abs(mine - iperf3) < 0.15 * iperf3, "nsh " + mine + " Mbit/s, iperf3 " + iperf3 + "\n" + r + "\n" + theirs);
        double lost = ((Number) theirs.get("lost_percent")).doubleValue();
        assertTrue(Math.abs(r.lossPercent() - lost) < 10, "nsh lost " + r.lossPercent() + "%, iperf3 " + lost + "%\n" + r + "\n" + theirs);
    }

    @Test
    void tcpWithARateIsPacedToIt() {
        IperfResult r = Iperf.run(a, b, opts("rate", "20mbit", "seconds", 2));
        assertTrue(!r.udp() && r.senderBitsPerSecond() > 17e6 && r.senderBitsPerSecond() < 21e6, r.toString());
        IperfResult two = Iperf.run(a, b, opts("rate", 5_000_000, "seconds", 2, "parallel", 2));
        assertTrue(two.senderBitsPerSecond() > 8.5e6 && two.senderBitsPerSecond() < 10.5e6, "5 Mbit/s a stream, as iperf3's -b: " + two);
    }

    @Test
    void parallelUdpStreamsAddUp() {
        IperfResult r = Iperf.run(a, b, opts("udp", true, "rate", "2mbit", "seconds", 2, "parallel", 3));
        assertEquals(3, r.streams());
        assertTrue(r.senderBitsPerSecond() > 5.4e6 && r.senderBitsPerSecond() < 6.3e6, "2 Mbit/s a stream: " + r);
        assertTrue(r.lostDatagrams() * 100 <= r.datagrams(), r.toString());
    }

    @Test
    void badInputIsRefusedInOneLineBeforeAnythingOpens() {
        Map<Map<String, ?>, String> cases = new LinkedHashMap<>();
        cases.put(opts("udp", true, "rate", 0), "iperf(): rate 0 is not more than 0; a rate is bits/s, such as \"10mbit\"");
        cases.put(opts("rate", -5), "iperf(): rate -5 is not more than 0; a rate is bits/s, such as \"10mbit\"");
        cases.put(opts("rate", "-5mbit"), "iperf(): rate \"-5mbit\" is negative");
        cases.put(opts("rate", "fast"), "iperf(): rate \"fast\" is not a rate such as \"10mbit\"");
        cases.put(opts("rate", "10M"), "iperf(): rate \"10M\": unknown unit \"M\"; use bit, kbit, mbit, gbit (or bps, kbps, mbps, gbps for bytes)");
        cases.put(opts("udp", true, "length", 15), "iperf(): length 15 is out of range; a UDP datagram carries 16 (iperf3's header) to 65507 bytes");
        cases.put(opts("udp", true, "length", 65508), "iperf(): length 65508 is out of range; a UDP datagram carries 16 (iperf3's header) to 65507 bytes");
        cases.put(opts("length", 1000), "iperf(): length is a UDP datagram's size, with udp: true; TCP writes 128 KiB at a time");
        cases.put(opts("udp", true, "port", 65535, "parallel", 2), "iperf(): port 65535 and parallel 2 go past 65535; each UDP stream takes the next port");
        cases.put(opts("udp", 1), "iperf(): udp 1 is not true or false");
        cases.put(opts("rat", "1mbit"), "iperf(): unknown option \"rat\" (did you mean rate?); it takes seconds, parallel, to, port, udp, rate, length, iperf3");
        cases.put(opts("bandwidth", "1mbit"), "iperf(): unknown option \"bandwidth\" (did you mean rate?); it takes seconds, parallel, to, port, udp, rate, length, iperf3");
        cases.put(opts("zzzzzz", 1), "iperf(): unknown option \"zzzzzz\"; it takes seconds, parallel, to, port, udp, rate, length, iperf3");
        for (var e : cases.entrySet()) {
            assertEquals(e.getValue(), assertThrows(InvalidInputException.class, () -> Iperf.run(a, b, e.getKey())).getMessage());
        }
    }

    /** The receiver's counts, by hand: 1 2 4 3 3 6 is 5 datagrams, one out of order, a duplicate; jitter as RFC 3550's. */
    @Test
    void theReceiverCountsAsIperf3AndJitterIsRfc3550s() {
        IperfUdp.Receiver r = new IperfUdp.Receiver(null, 100, new java.util.ArrayList<>());
        long now = System.nanoTime();
        long[] seqs = {1, 2, 4, 3, 3, 6};
        long[] transitMicros = {1000, 2000, 1000, 1000, 1000, 1000};
        for (int i = 0; i < seqs.length; i++) {
            long at = now + i * 1_000_000L, sent = IperfUdp.micros(at) - transitMicros[i];
            r.arrive(sent / 1_000_000, sent % 1_000_000, seqs[i], 100, at);
        }
        assertEquals(5, r.distinct);
        assertEquals(1, r.outOfOrder, "3 after 4; its duplicate is not counted again");
        assertEquals(600, r.bytes);
        double j = 0;
        for (double d : new double[] {1e-3, 1e-3, 0, 0, 0}) j += (d - j) / 16;
        assertEquals(j, r.jitter, 1e-7);
    }

    @Test
    void percentAsCPrintsItWithTwoDigits() {
        assertEquals("0", IperfResult.g2(0));
        assertEquals("10", IperfResult.g2(10.04));
        assertEquals("0.5", IperfResult.g2(0.5));
        assertEquals("0.033", IperfResult.g2(0.0333));
        assertEquals("1e+02", IperfResult.g2(100));
        assertEquals("50", IperfResult.g2(49.96));
    }
}

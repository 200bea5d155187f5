package dev.nsh.tc;

import dev.nsh.ns.Netns;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import groovy.json.JsonSlurper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nsh's client in iperf3's protocol against the iperf3 binary's server, which judges: the bytes it says it received are nsh's. */
@NeedsRoot
class Iperf3InteropTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void iperf3sServerCountsWhatNshSent() throws Exception {
        Scratch.Pair p = scratch.vethPair("i3", "10.9.1");
        Netns a = p.a(), b = p.b();
        for (int parallel : new int[] {1, 2}) {
            ServerRun run = againstServer(a, b, "10.9.1.2", Map.of("iperf3", true, "seconds", 2, "parallel", parallel));
            IperfResult r = run.result();
            long theirs = ((Number) run.received().get("bytes")).longValue();
            assertEquals(theirs, r.receivedBytes(), "received bytes, as iperf3's server reports them\n" + r);
            assertTrue(r.sentBytes() >= theirs && theirs > 0, "sent " + r.sentBytes() + ", received " + theirs);
            assertEquals(parallel, run.streams(), "streams iperf3 counted");
        }
    }

    /** nsh's UDP in iperf3's protocol; iperf3's server judges bytes and datagrams, and with nsh's netem on the way, the loss. */
    @Test
    void iperf3sServerCountsNshsDatagramsAndTheirLoss() throws Exception {
        Scratch.Pair p = scratch.vethPair("i3u", "10.9.3");
        Netns a = p.a(), b = p.b();
        for (int parallel : new int[] {1, 2}) {
            ServerRun run = againstServer(a, b, "10.9.3.2", Map.of("iperf3", true, "udp", true, "rate", "8mbit", "seconds", 2,
                    "length", 1200, "parallel", parallel));
            IperfResult r = run.result();
            Map<?, ?> sum = run.received();
            assertEquals(((Number) sum.get("bytes")).longValue(), r.receivedBytes(), "received bytes, as iperf3's server reports them\n" + r);
            assertEquals(((Number) sum.get("packets")).longValue(), r.datagrams(), "datagrams iperf3 counted\n" + r + "\n" + sum);
            assertEquals(r.sentDatagrams(), r.datagrams(), "iperf3 counted every datagram nsh sent\n" + r);
            assertEquals(r.sentDatagrams() * 1200, r.sentBytes());
            assertEquals(((Number) sum.get("lost_packets")).longValue(), r.lostDatagrams());
            assertTrue(r.senderBitsPerSecond() > 7e6 * parallel && r.senderBitsPerSecond() < 8.5e6 * parallel, "8 Mbit/s a stream: " + r);
            assertEquals(parallel, run.streams(), "streams iperf3 counted");
        }
        Netem.set(a, "va", dev.nsh.model.LinkConditions.parse("netem", Map.of("loss", "10%", "seed", 3), List.of()), "nsh");
        try {
            ServerRun run = againstServer(a, b, "10.9.3.2", Map.of("iperf3", true, "udp", true, "rate", "5mbit", "seconds", 2));
            IperfResult r = run.result();
            Map<?, ?> sum = run.received();
            long theirs = ((Number) sum.get("lost_packets")).longValue(), dropped = Netem.get(a, "va").lost();
            assertEquals(theirs, r.lostDatagrams(), "the loss iperf3's server counted\n" + r);
            // iperf3 counts a gap before a datagram that arrived: the last ones, if lost, it never sees
            assertTrue(dropped - theirs >= 0 && dropped - theirs <= 3, "the engine dropped " + dropped + ", iperf3 counted " + theirs);
            assertTrue(r.lossPercent() > 7 && r.lossPercent() < 13, r.toString());
        } finally {
            Netem.clear(a, "va");
        }
    }

    /** nsh's result and the server's JSON "end" section. */
    private record ServerRun(IperfResult result, Map<?, ?> end) {
        Map<?, ?> received() { return (Map<?, ?>) end.get("sum_received"); }

        int streams() { return ((java.util.List<?>) end.get("streams")).size(); }
    }

    /** {@code iperf3 -s -1 -J} in {@code b}, nsh's client with {@code opts}: the result and the server's "end". */
    private static ServerRun againstServer(Netns a, Netns b, String address, Map<String, ?> opts) throws Exception {
        File out = File.createTempFile("nsh-iperf3-server", ".json");
        Process server = new ProcessBuilder("ip", "netns", "exec", b.name(), "iperf3", "-s", "-1", "-J", "-B", address)
                .redirectErrorStream(true).redirectOutput(out).start();
        try {
            IperfResult r = null;
            for (int attempt = 0; attempt < 50 && r == null; attempt++) { // until the server listens
                try {
                    r = Iperf.run(a, b, opts);
                } catch (dev.nsh.error.NshException e) {
                    if (!e.getMessage().contains("Connection refused")) {
                        server.waitFor(5, TimeUnit.SECONDS);
                        throw new AssertionError("iperf3's server said:\n" + Files.readString(out.toPath()), e);
                    }
                    Thread.sleep(100);
                }
            }
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "iperf3 -s -1 ended after the test");
            Map<?, ?> j = (Map<?, ?>) new JsonSlurper().parseText(Files.readString(out.toPath()));
            Map<?, ?> end = (Map<?, ?>) j.get("end");
            assertTrue(end != null && end.get("sum_received") != null, "iperf3's report:\n" + Files.readString(out.toPath()));
            return new ServerRun(r, end);
        } finally {
            server.destroy();
            server.waitFor();
            out.delete();
        }
    }
}

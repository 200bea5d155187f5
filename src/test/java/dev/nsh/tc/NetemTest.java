package dev.nsh.tc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.LinkConditions;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.packet.Tcpdump;
import dev.nsh.testing.Ip;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Link conditions against the kernel, judged by tc (what the link has), iputils ping (RTT and
 * loss), tcpdump (what arrives) and iperf3 (rate): a veth va (10.9.0.1) in a, vb (10.9.0.2) in b,
 * IPv6 off so that only the test's packets cross. On a kernel without sch_netem (this project's)
 * every condition but a rate alone runs on nsh's own engine.
 */
@NeedsRoot
class NetemTest {
    private final Scratch scratch = new Scratch();
    private Netns a, b;

    @BeforeEach
    void pair() {
        Scratch.Pair p = scratch.vethPair("netem", "10.9.0");
        a = p.a();
        b = p.b();
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    static LinkConditions c(Map<String, ?> o) {
        return LinkConditions.parse("netem", o, List.of());
    }

    @Test
    void rateAloneIsTbfAsTcShowsItIperf3MeasuresItAndIperfAgrees() throws Exception {
        NetemState s = Netem.set(a, "va", c(Map.of("rate", "10mbit")), "auto");
        assertEquals(NetemState.KERNEL, s.engine());
        Map<String, Object> tc = TcJudge.qdiscs(a.name(), "va").get(0);
        assertEquals("tbf", tc.get("kind"));
        @SuppressWarnings("unchecked") Map<String, Object> opts = (Map<String, Object>) tc.get("options");
        assertEquals(1250000L, ((Number) opts.get("rate")).longValue(), "tc's rate in bytes/s");
        assertEquals(tc.get("handle"), dev.nsh.model.QdiscInfo.handle(s.qdisc().handle()));
        assertTrue(Math.abs(((Number) opts.get("burst")).longValue() - s.qdisc().burstBytes()) <= 2, "burst " + opts + " vs " + s);
        double iperf3 = TcJudge.iperf3(a.name(), b.name(), "10.9.0.2", 3);
        assertTrue(iperf3 > 9e6 && iperf3 < 11e6, "iperf3 measured " + iperf3 + " bit/s on a 10mbit link");
        IperfResult mine = Iperf.tcp(a, b, InetAddress.getByName("10.9.0.2"), 0, 3, 1);
        double ratio = mine.receiverBitsPerSecond() / iperf3;
        assertTrue(ratio > 0.9 && ratio < 1.1, "a.iperf(b) " + mine.receiverBitsPerSecond() + " vs iperf3 " + iperf3 + "\n" + mine);
        Netem.clear(a, "va");
        assertEquals("noqueue", TcJudge.qdiscs(a.name(), "va").get(0).get("kind"));
    }

    @Test
    void delayOnBothEndsMakesTheRttAtLeastTwiceIt() {
        Netem.set(a, "va", c(Map.of("delay", "20ms")), "auto");
        Netem.set(b, "vb", c(Map.of("delay", "20ms")), "auto");
        Iputils.Result r = Iputils.ping(a.name(), "-c", "20", "-i", "0.05", "10.9.0.2");
        List<Double> rtts = TcJudge.rtts(r);
        assertEquals(20, rtts.size(), r.out());
        assertTrue(rtts.stream().allMatch(t -> t >= 40.0), "every RTT at least 2 x 20 ms: " + rtts);
        assertTrue(TcJudge.median(rtts) < 60, "median RTT near 40 ms: " + rtts);
    }

    @Test
    void lossOfTwentyPercentLosesAboutAFifthOfAThousandPings() {
        Netem.set(a, "va", c(Map.of("loss", "20%", "seed", 42)), "nsh"); // s.lost() below is nsh's engine's count
        Iputils.Result r = Iputils.ping(a.name(), "-q", "-c", "1000", "-i", "0.002", "-W", "2", "10.9.0.2");
        int lost = r.transmitted() - r.received();
        assertEquals(1000, r.transmitted());
        assertTrue(lost >= 160 && lost <= 240, lost + " of 1000 lost at 20 %");
        NetemState s = Netem.get(a, "va");
        // iputils waits max(2 x its longest RTT, -i) for the last reply: one that comes later counts as lost, and only that one
        assertTrue(lost == s.lost() || lost == s.lost() + 1, lost + " lost by iputils' count, " + s.lost() + " by nsh's:\n" + s);
    }

    @Test
    void theSameSeedLosesTheSameSequenceNumbers() {
        List<Integer> first = seqsWithLoss(7), again = seqsWithLoss(7), other = seqsWithLoss(8);
        assertTrue(first.size() > 40 && first.size() < 90, first.size() + " of 100 answered at 35 % loss");
        assertEquals(first, again, "seed 7 twice");
        assertNotEquals(first, other, "seeds 7 and 8");
    }

    private List<Integer> seqsWithLoss(long seed) {
        Netem.set(a, "va", c(Map.of("loss", "35%", "seed", seed)), "auto");
        // the last reply is left out: iputils waits only max(2 x its longest RTT, -i) for it
        return TcJudge.seqs(Iputils.ping(a.name(), "-c", "100", "-i", "0.005", "-W", "2", "10.9.0.2")).stream().filter(q -> q < 100).toList();
    }

    @Test
    void clearLeavesTheLinkAsItWas() {
        List<Map<String, Object>> qdiscs = TcJudge.qdiscs(a.name(), "va");
        List<String> links = Ip.linkNames(a.name());
        Netem.set(a, "va", c(Map.of("delay", "20ms", "loss", "1%")), "nsh"); // its tap is what the link names show
        assertNotEquals(links, Ip.linkNames(a.name()), "nsh's engine shows as a tap while it runs");
        Netem.clear(a, "va");
        assertEquals(qdiscs, TcJudge.qdiscs(a.name(), "va"), "tc qdisc show");
        assertEquals("", TcJudge.egressFilters(a.name(), "va"), "tc filter show egress");
        assertEquals(links, Ip.linkNames(a.name()), "ip link: the tap is gone");
        assertTrue(Netem.get(a, "va").isNone());
        List<Double> rtts = TcJudge.rtts(Iputils.ping(a.name(), "-c", "5", "-i", "0.05", "10.9.0.2"));
        assertEquals(5, rtts.size());
        assertTrue(TcJudge.median(rtts) < 10, "RTT without the delay: " + rtts);
    }

    @Test
    void duplicatesAreAnsweredTwiceAndCorruptPacketsArriveButGoUnanswered() {
        Netem.set(a, "va", c(Map.of("duplicate", "100%")), "nsh");
        try (Tcpdump.Live t = Tcpdump.start(b.name(), "vb", "icmp[icmptype] = icmp-echo")) {
            Iputils.Result dup = Iputils.ping(a.name(), "-c", "5", "-i", "0.05", "10.9.0.2");
            // ping ends at its 5th reply, maybe before the last duplicate's
            assertTrue(dup.out().lines().filter(l -> l.contains("(DUP!)")).count() >= 4, dup.out());
            assertEquals(10, t.lines(10).size(), "each echo request twice on vb");
        }
        Netem.set(a, "va", c(Map.of("corrupt", "100%")), "nsh");
        try (Tcpdump.Live t = Tcpdump.start(b.name(), "vb", "ip")) {
            Iputils.Result bad = Iputils.ping(a.name(), "-c", "5", "-i", "0.05", "-W", "1", "10.9.0.2");
            assertEquals(0, bad.received(), bad.out());
            assertTrue(t.lines(5).size() >= 5, "the corrupted packets reached vb");
        }
        assertEquals(5, Netem.get(a, "va").corrupted());
    }

    @Test
    void reorderedPacketsOvertakeDelayedOnesOnTheWire() {
        Netem.set(a, "va", c(Map.of("delay", "10ms", "reorder", "30%", "seed", 3)), "auto");
        try (Tcpdump.Live t = Tcpdump.start(b.name(), "vb", "icmp[icmptype] = icmp-echo")) {
            // -l: 10 requests at once, then one per reply, so that several are under way together
            Iputils.Result r = Iputils.ping(a.name(), "-c", "50", "-l", "10", "-i", "0.002", "10.9.0.2");
            assertEquals(50, r.received(), r.out());
            List<Integer> order = t.lines(50).stream().map(l -> Integer.parseInt(l.replaceAll(".*seq (\\d+),.*", "$1"))).toList();
            int inversions = 0;
            for (int i = 1; i < order.size(); i++) if (order.get(i) < order.get(i - 1)) inversions++;
            assertTrue(inversions > 0, "echo requests in the order tcpdump saw them: " + order);
        }
    }

    @Test
    void theEngineEndsWithItsLinkAndWithItsNamespace() {
        Netem.set(a, "va", c(Map.of("delay", "1ms")), "nsh");
        Netem.set(b, "vb", c(Map.of("delay", "1ms")), "nsh");
        assertEquals(2, engineThreads());
        LinkOps.delete(a, "va"); // takes vb with it
        assertTrue(Wait.until(10_000, () -> engineThreads() == 0), engineThreads() + " engine threads left");
        Netem.set(b, "lo", c(Map.of("delay", "1ms")), "nsh");
        assertEquals(1, engineThreads());
        scratch.close();
        assertTrue(Wait.until(10_000, () -> engineThreads() == 0), engineThreads() + " engine threads left after the namespace went");
    }

    private static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("nsh-netem-")).count();
    }

    @Test
    void badInputIsOneLineAndChangesNothing() {
        List<Map<String, Object>> qdiscs = TcJudge.qdiscs(a.name(), "va");
        Map<Map<String, ?>, String> cases = Map.of(
                Map.of("delay", "-5ms"), "delay \"-5ms\" is negative",
                Map.of("loss", "200%"), "loss \"200%\" is more than 100%",
                Map.of("delay", "20 parsecs"), "delay \"20 parsecs\": unknown unit \"parsecs\"; use ns, us, ms or s",
                Map.of("jitter", "5ms"), "jitter \"5ms\" needs a delay: it varies the delay around it",
                Map.of("reorder", "25%"), "reorder \"25%\" needs a delay: reordered packets are the ones sent without it",
                Map.of("rate", "10 furlongs"), "rate \"10 furlongs\": unknown unit \"furlongs\"; use bit, kbit, mbit, gbit (or bps, kbps, mbps, gbps for bytes)",
                Map.of("limit", 0), "limit 0 is out of range; it must be 1 to 1000000 packets",
                Map.of("delay", "1ms", "colour", "red"), "netem(): unknown option \"colour\"; it takes delay, jitter, loss, rate, duplicate, corrupt, reorder, limit, seed, distribution, ecn, slot");
        for (var e : cases.entrySet()) {
            InvalidInputException x = assertThrows(InvalidInputException.class, () -> Netem.set(a, "va", c(e.getKey()), "auto"));
            assertEquals(e.getValue(), x.getMessage());
        }
        InvalidInputException x = assertThrows(InvalidInputException.class, () -> Netem.set(a, "va", c(Map.of("delay", "1ms")), "fast"));
        assertEquals("engine \"fast\" is not one of auto, kernel, nsh", x.getMessage());
        assertEquals(qdiscs, TcJudge.qdiscs(a.name(), "va"), "nothing changed");
        assertEquals(0, engineThreads());
        Map<Map<String, ?>, String> iperf = Map.of(
                Map.of("udp", "yes"), "iperf(): udp \"yes\" is not true or false",
                Map.of("seconds", -1), "iperf(): seconds -1 is out of range; it must be more than 0 and at most 3600",
                Map.of("parallel", 0), "iperf(): parallel 0 is not a whole number from 1 to 128",
                Map.of("to", "b.example"), "iperf(): to \"b.example\" is not an IP address");
        for (var e : iperf.entrySet()) {
            assertEquals(e.getValue(), assertThrows(InvalidInputException.class, () -> Iperf.run(a, b, e.getKey())).getMessage());
        }
    }

    @Test
    void theKernelsNetemWhereThereIsOneElseASentenceSayingSo() {
        boolean kernelHasNetem = Ip.run(List.of("sh", "-c", "ip netns exec " + b.name() + " tc qdisc add dev vb root netem delay 1ms"
                + " 2>/dev/null && echo yes || echo no")).strip().equals("yes");
        if (kernelHasNetem) {
            Ip.run(List.of("ip", "netns", "exec", b.name(), "tc", "qdisc", "del", "dev", "vb", "root"));
            NetemState s = Netem.set(a, "va", c(Map.of("delay", "20ms", "jitter", "5ms", "loss", "2%", "rate", "10mbit")), "kernel");
            Map<String, Object> tc = TcJudge.qdiscs(a.name(), "va").get(0);
            assertEquals("netem", tc.get("kind"));
            assertEquals(NetemState.KERNEL, s.engine());
            assertEquals(20_000_000L, s.conditions().delayNs());
            // a second set replaces, never changes: what it leaves out (ecn, corruption, the rate) is gone, as tc shows
            Netem.set(a, "va", c(Map.of("loss", "2%", "ecn", true, "corrupt", "1%")), "kernel");
            Netem.set(a, "va", c(Map.of("loss", "3%")), "kernel");
            @SuppressWarnings("unchecked") Map<String, Object> o = (Map<String, Object>) TcJudge.qdiscs(a.name(), "va").get(0).get("options");
            assertFalse(o.containsKey("corrupt") || Boolean.TRUE.equals(o.get("ecn")) || o.containsKey("rate"), "tc -j: " + o);
        } else {
            var e = assertThrows(dev.nsh.error.KernelException.class,
                    () -> Netem.set(a, "va", c(Map.of("delay", "20ms")), "kernel"));
            assertTrue(e.getMessage().startsWith("set netem on va in " + a.name() + ": this kernel has no sch_netem"), e.getMessage());
            assertEquals("noqueue", TcJudge.qdiscs(a.name(), "va").get(0).get("kind"));
            assertFalse(Netem.get(a, "va").engine().equals(NetemState.KERNEL));
        }
    }
    /**
     * A second set is a fresh qdisc grafted in place of the first (a replace with the root's own
     * handle would be a change, which keeps what the request leaves out): tc shows the new handle,
     * the new rate and one root qdisc, for tbf as for netem, whose request takes the same path.
     */
    @Test
    void aSecondSetIsAFreshQdiscInPlaceOfTheFirst() {
        Netem.set(a, "va", c(Map.of("rate", "10mbit")), "kernel");
        List<Map<String, Object>> first = TcJudge.qdiscs(a.name(), "va");
        Netem.set(a, "va", c(Map.of("rate", "20mbit")), "kernel");
        List<Map<String, Object>> second = TcJudge.qdiscs(a.name(), "va");
        assertEquals(1, second.size(), "one root qdisc: " + second);
        assertNotEquals(first.get(0).get("handle"), second.get(0).get("handle"), first + " then " + second);
        @SuppressWarnings("unchecked") Map<String, Object> o = (Map<String, Object>) second.get(0).get("options");
        assertEquals(2500000L, ((Number) o.get("rate")).longValue(), "tc's rate in bytes/s: " + o);
        Netem.set(a, "va", c(Map.of("rate", "30mbit")), "kernel");
        assertEquals(first.get(0).get("handle"), TcJudge.qdiscs(a.name(), "va").get(0).get("handle"), "the two handles in turn");
    }

    @Test
    void aSetTheKernelRefusesLeavesTheConditionsTheLinkHad() {
        Netem.set(a, "va", c(Map.of("loss", "100%")), "nsh");
        String filters = TcJudge.egressFilters(a.name(), "va");
        assertTrue(filters.contains("mirred"), "nsh's engine takes the egress: " + filters);
        boolean kernelHasNetem = Ip.run(List.of("sh", "-c", "ip netns exec " + b.name() + " tc qdisc add dev vb root netem delay 1ms"
                + " 2>/dev/null && tc -n " + b.name() + " qdisc del dev vb root && echo yes || echo no")).strip().equals("yes");
        if (kernelHasNetem) { // the new conditions in place, then the old engine gone
            assertEquals(NetemState.KERNEL, Netem.set(a, "va", c(Map.of("delay", "1ms")), "kernel").engine());
            assertEquals("", TcJudge.egressFilters(a.name(), "va"));
            assertEquals("netem", TcJudge.qdiscs(a.name(), "va").get(0).get("kind"));
            return;
        }
        assertThrows(dev.nsh.error.KernelException.class, () -> Netem.set(a, "va", c(Map.of("delay", "1ms")), "kernel"));
        assertEquals(filters, TcJudge.egressFilters(a.name(), "va"), "tc filter show egress: as before the refused set");
        NetemState s = Netem.get(a, "va");
        assertEquals(NetemState.NSH, s.engine());
        assertEquals(100.0, s.conditions().loss());
        Iputils.Result r = Iputils.ping(a.name(), "-c", "3", "-i", "0.05", "-W", "1", "10.9.0.2");
        assertEquals(0, r.received(), "still 100 % loss: " + r.out());
    }

    @Test
    void aRunningEngineIsRetunedInPlace() {
        Netem.set(a, "va", c(Map.of("delay", "60ms")), "nsh");
        String tap = Netem.get(a, "va").tap();
        Object tapIndex = Ip.json(a.name(), "link", "show", tap).get(0).get("ifindex");
        String filters = TcJudge.egressFilters(a.name(), "va");
        assertTrue(TcJudge.rtts(Iputils.ping(a.name(), "-c", "3", "-i", "0.05", "10.9.0.2")).stream().allMatch(t -> t >= 60));
        NetemState s = Netem.set(a, "va", c(Map.of("delay", "1ms")), "nsh");
        assertEquals(1_000_000L, s.conditions().delayNs());
        assertEquals(tapIndex, Ip.json(a.name(), "link", "show", tap).get(0).get("ifindex"), "ip -j link: the same tap, not a new one");
        assertEquals(filters, TcJudge.egressFilters(a.name(), "va"), "tc filter show egress: the same redirect throughout");
        List<Double> rtts = TcJudge.rtts(Iputils.ping(a.name(), "-c", "5", "-i", "0.05", "10.9.0.2"));
        assertEquals(5, rtts.size());
        assertTrue(TcJudge.median(rtts) < 30, "RTT with the new 1 ms: " + rtts);
    }

    @Test
    void aRateWithALimitGivesTbfThatManyFullFrames() {
        assertEquals(LinkConditions.DEFAULT_LIMIT, c(Map.of("rate", "10mbit")).limit());
        Netem.set(a, "va", c(Map.of("rate", "10mbit", "limit", 20)), "auto");
        @SuppressWarnings("unchecked") Map<String, Object> opts = (Map<String, Object>) ((List<Map<String, Object>>) new groovy.json.JsonSlurper()
                .parseText(Ip.run(List.of("tc", "-n", a.name(), "-d", "-j", "qdisc", "show", "dev", "va")))).get(0).get("options");
        // tc shows tbf's limit as the latency it allows: (limit - burst) / rate
        long burst = Long.parseLong(String.valueOf(opts.get("burst")).replaceAll("b.*", ""));
        double expected = (20.0 * (1500 + 14) - burst) * 1e6 / 1_250_000;
        assertEquals(expected, ((Number) opts.get("lat")).doubleValue(), 0.02 * expected, "tc -d -j qdisc show: " + opts);
    }
}

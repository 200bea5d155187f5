package dev.nsh.tc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.ns.Netns;
import dev.nsh.packet.Tcpdump;
import dev.nsh.packet.Traffic;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shape of the conditions on nsh's own engine, judged by iputils ping: the jitter's
 * distribution (a normal one reaches below delay - jitter, a uniform one never does),
 * correlation (correlated loss comes in runs), loss models (the share their states give), ecn
 * (marked, not dropped: tcpdump sees CE) and slots (bursts of their budget, in the RTTs). The bytes of the same options for the kernel's
 * netem are TcRequestsTest's; the tables themselves DelayDistributionTest's.
 */
@NeedsRoot
class NetemShapeTest {
    private final Scratch scratch = new Scratch();
    private Netns a, b;

    @BeforeEach
    void pair() {
        Scratch.Pair p = scratch.vethPair("shape", "10.9.0");
        a = p.a();
        b = p.b();
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void aNormalJitterReachesBeyondTheJitterAUniformOneNever() {
        // An engine can only add time, so the low side is the judge: no RTT under delay - jitter
        // for uniform; for normal (sigma = the jitter) about 16 % under it.
        List<Double> uniform = rtts(Map.of("delay", "50ms 20ms", "seed", 3));
        List<Double> normal = rtts(Map.of("delay", "50ms 20ms", "distribution", "normal", "seed", 3));
        assertTrue(uniform.stream().allMatch(t -> t >= 29.9), "uniform jitter keeps 50 +- 20 ms: " + new TreeSet<>(uniform));
        long under = normal.stream().filter(t -> t < 29.0).count();
        assertTrue(under >= 0.05 * normal.size() && under <= 0.3 * normal.size(),
                under + " of " + normal.size() + " RTTs under 29 ms with normal jitter: " + new TreeSet<>(normal));
        assertTrue(normal.stream().allMatch(t -> t >= 0), normal.toString());
    }

    private List<Double> rtts(Map<String, ?> conditions) {
        NetemState s = Netem.set(a, "va", NetemTest.c(conditions), "nsh");
        assertTrue(s.toString().contains("delay 50ms  20ms"), s.toString());
        List<Double> rtts = TcJudge.rtts(Iputils.ping(a.name(), "-c", "300", "-i", "0.005", "-W", "2", "10.9.0.2"));
        assertEquals(300, rtts.size(), "every echo answered");
        return rtts;
    }

    @Test
    void correlatedLossComesInRuns() {
        int loose = lossRuns("50%"), correlated = lossRuns("50% 90%");
        assertTrue(loose > 70, loose + " runs of lost echoes among 400 at 50 % loss");
        assertTrue(correlated < 0.6 * loose, correlated + " runs at 50 % loss correlated 90 %, against " + loose + " uncorrelated");
        assertTrue(Netem.get(a, "va").toString().contains("loss 50% 90%"), Netem.get(a, "va").toString());
    }

    /** How many runs of consecutive unanswered echoes 400 pings meet. */
    private int lossRuns(String loss) {
        Netem.set(a, "va", NetemTest.c(Map.of("loss", loss, "seed", 11)), "nsh");
        Iputils.Result r = Iputils.ping(a.name(), "-c", "400", "-i", "0.002", "-W", "2", "10.9.0.2");
        TreeSet<Integer> answered = new TreeSet<>(TcJudge.seqs(r));
        int lost = 400 - answered.size();
        assertTrue(lost > 100 && lost < 300, lost + " of 400 lost at loss " + loss);
        int runs = 0;
        for (int seq = 1; seq <= 400; seq++) if (!answered.contains(seq) && (seq == 1 || answered.contains(seq - 1))) runs++;
        return runs;
    }

    @Test
    void lossModelsLoseTheShareTheirStatesGiveInBursts() {
        // Gilbert-Elliott p 5 %, r 50 % (1-h 100 %, 1-k 0 %): lost while bad, p / (p + r) = 9.1 %, bursts of 1 / r = 2
        double[] ge = lossAndBurst("gemodel 5% 50%");
        assertTrue(ge[0] > 6 && ge[0] < 12.5, ge[0] + " % lost, " + 100 * 5 / 55.0 + " % expected");
        assertTrue(ge[1] > 1.5 && ge[1] < 2.8, "bursts of " + ge[1] + " echoes on average, 2 expected");
        assertTrue(Netem.get(a, "va").toString().contains("loss gemodel p 5% r 50% 1-h 100% 1-k 0%"), Netem.get(a, "va").toString());
        // The 4-state model, its stationary loss worked out here: p13 10 %, p31 50 %, p32 20 %, p23 30 %, p14 1 %
        double expected = fourStateLoss(0.10, 0.50, 0.20, 0.30, 0.01);
        double[] gi = lossAndBurst("state 10% 50% 20% 30% 1%");
        assertTrue(Math.abs(gi[0] - expected) < 0.3 * expected, gi[0] + " % lost, " + expected + " % expected");
        assertTrue(gi[1] > 1.2, "bursts of " + gi[1] + " echoes on average");
    }

    /** The share lost (percent) and the mean length of a run of lost echoes among 1,000 pings. */
    private double[] lossAndBurst(String model) {
        Netem.set(a, "va", NetemTest.c(Map.of("loss", model, "seed", 5)), "nsh");
        TreeSet<Integer> answered = new TreeSet<>(TcJudge.seqs(Iputils.ping(a.name(), "-c", "1000", "-i", "0.002", "-W", "2", "10.9.0.2")));
        int lost = 1000 - answered.size(), runs = 0;
        for (int seq = 1; seq <= 1000; seq++) if (!answered.contains(seq) && (seq == 1 || answered.contains(seq - 1))) runs++;
        return new double[] {lost / 10.0, runs == 0 ? 0 : lost / (double) runs};
    }

    /** Lost share (percent) of the 4-state chain: gap sent (1), burst sent (2), burst lost (3), gap lost (4), solved by iteration. */
    private static double fourStateLoss(double p13, double p31, double p32, double p23, double p14) {
        double[] s = {1, 0, 0, 0};
        for (int i = 0; i < 10_000; i++) {
            s = new double[] {s[0] * (1 - p13 - p14) + s[2] * p31 + s[3], s[1] * (1 - p23) + s[2] * p32,
                    s[0] * p13 + s[1] * p23 + s[2] * (1 - p31 - p32), s[0] * p14};
        }
        return 100 * (s[2] + s[3]);
    }

    @Test
    void ecnMarksWhatLossWouldDropAndDropsTheRest() {
        Netem.set(a, "va", NetemTest.c(Map.of("loss", "100%", "ecn", true)), "nsh");
        // ECT(0) requests (-Q 2) are marked CE, not dropped: b's tcpdump sees CE, and b's kernel, which checks
        // the IPv4 header checksum nsh mended, answers them
        try (Tcpdump.Live ce = Tcpdump.start(b.name(), "vb", "icmp[icmptype] == icmp-echo and ip[1] & 3 == 3")) {
            Iputils.Result ect = Iputils.ping(a.name(), "-c", "5", "-i", "0.05", "-Q", "2", "10.9.0.2");
            assertEquals(5, ect.received(), ect.out());
            assertEquals(5, ce.lines(5).size(), "requests marked CE on the wire");
        }
        Iputils.Result plain = Iputils.ping(a.name(), "-c", "3", "-i", "0.05", "-W", "1", "10.9.0.2");
        assertEquals(0, plain.received(), "not ECN-capable: lost\n" + plain.out());
        NetemState s = Netem.get(a, "va");
        assertTrue(s.toString().contains("loss 100% ecn") && s.toString().contains("lost 3, ") && s.toString().endsWith(", marked CE 5"), s.toString());
        var x = assertThrows(InvalidInputException.class, () -> Netem.set(a, "va", NetemTest.c(Map.of("delay", "1ms", "ecn", true)), "auto"));
        assertEquals("ecn marks the packets that loss would drop (those ECN-capable); give a loss too", x.getMessage());
    }

    @Test
    void aSlotSendsTheQueueInBurstsOfItsBudget() {
        // 20 datagrams sent at once; each slot opens 10 ms (50 ms) after the last, as b's tcpdump times them: unbounded,
        // one slot takes them all; one packet a slot spreads them over 19 slots; 100 bytes a slot, two 52-byte frames
        // (the unbounded slot is 50 ms, so that a pause while the 20 are sent still leaves them in one)
        double all = spread("50ms 50ms"), one = spread("10ms 10ms packets 1"), bytes = spread("10ms 10ms bytes 100");
        assertTrue(all < 5, "20 datagrams in one slot arrived over " + all + " ms");
        assertTrue(one >= 170, "one datagram a slot: 20 arrived over " + one + " ms");
        assertTrue(bytes >= 80 && bytes < one - 50, "two datagrams a slot: 20 arrived over " + bytes + " ms (one a slot: " + one + ")");
        assertTrue(Netem.get(a, "va").toString().contains("slot 10ms 10ms bytes 100"), Netem.get(a, "va").toString());
    }

    /** From the first to the last of 20 datagrams sent at once, in ms, as b's tcpdump stamps them. */
    private double spread(String slot) {
        Netem.set(a, "va", NetemTest.c(Map.of("slot", slot)), "nsh");
        assertEquals(1, Iputils.ping(a.name(), "-c", "1", "-W", "2", "10.9.0.2").received(), "ARP resolved before the burst");
        try (Tcpdump.Live t = Tcpdump.start(b.name(), "vb", "udp port 40009")) {
            Traffic.udp(a, "10.9.0.2", 40009, 20);
            List<Double> at = t.lines(20).stream().map(l -> l.substring(0, l.indexOf(' ')).split(":"))
                    .map(h -> (Double.parseDouble(h[0]) * 60 + Double.parseDouble(h[1])) * 60 + Double.parseDouble(h[2])).toList();
            return (at.get(at.size() - 1) - at.get(0)) * 1000;
        }
    }

    @Test
    void badShapesAreOneLineAndChangeNothing() {
        // through the user's call (options read and set in one), on a link that has conditions already
        dev.nsh.Link va = dev.nsh.Nsh.existing(a.name()).link("va");
        va.netem(Map.of("delay", "5ms", "loss", "1%", "seed", 3, "engine", "nsh"));
        var before = TcJudge.qdiscs(a.name(), "va");
        String was = Netem.get(a, "va").conditions().toString();
        Map<Map<String, ?>, String> cases = new LinkedHashMap<>();
        cases.put(Map.of("delay", "20ms", "distribution", "normal"),
                "distribution normal needs a delay with a jitter: it shapes the jitter (delay: \"20ms 5ms\")");
        cases.put(Map.of("delay", "20ms 5ms", "distribution", "gauss"), "distribution \"gauss\" is not one of uniform, normal, pareto, paretonormal");
        cases.put(Map.of("delay", "20ms 5ms", "jitter", "2ms"), "delay \"20ms 5ms\" and jitter \"2ms\" both give a jitter; give it once");
        cases.put(Map.of("delay", "20ms 5ms 25% 3%"), "delay \"20ms 5ms 25% 3%\" has 4 words; it takes a delay, a jitter and its correlation (\"20ms 5ms 25%\")");
        cases.put(Map.of("loss", "2% 150%"), "loss correlation \"150%\" is more than 100%");
        cases.put(Map.of("loss", "2% 25% 1%"), "loss \"2% 25% 1%\" has 3 words; it takes a percentage and its correlation (\"2% 25%\"),"
                + " or a model (\"gemodel 1% 30%\", \"state 1% 30%\")");
        cases.put(Map.of("delay", "20ms", "jitter", "0ms 25%"), "jitter correlation \"25%\" needs a jitter of more than 0");
        cases.put(Map.of("delay", "20 ms 5 parsecs"), "jitter \"5 parsecs\": unknown unit \"parsecs\"; use ns, us, ms or s");
        cases.put(Map.of("delay", "50ms 3s"), "jitter \"3s\" is more than 2.147s, the most netem takes (2^31-1 ns)");
        cases.put(Map.of("delay", ""), "delay \"\" is empty; it takes a delay, a jitter and its correlation (\"20ms 5ms 25%\")");
        cases.put(Map.of("seed", new java.math.BigInteger("18446744073709551616")), "seed 18446744073709551616 is out of range; it must be 0 to 18446744073709551615");
        cases.put(Map.of("delay", "1ms", "limit", "99999999999999999999"), "limit \"99999999999999999999\" is out of range; it must be 1 to 1000000 packets");
        cases.put(Map.of("limit", 2.5, "delay", "1ms"), "limit 2.5 is not a whole number of packets");
        cases.put(Map.of("loss", "state 1% 2% 3% 4% 5% 6%"), "loss \"state 1% 2% 3% 4% 5% 6%\" has 6 percentages after state; it takes 1 to 5:"
                + " state P13 P31 P32 P23 P14 (the later ones may be left out)");
        cases.put(Map.of("slot", "0ms packets 5"), "slot \"0ms packets 5\": a slot needs a delay of more than 0 (netem takes none as no slots)");
        cases.put(Map.of("slot", "1ms -2ms"), "slot max \"-2ms\" is negative");
        cases.put(Map.of("loss", "0% 30%"), "loss correlation \"30%\" needs a loss of more than 0%");
        cases.put(Map.of("loss", "gemodel"), "loss \"gemodel\" has 0 percentages after gemodel; it takes 1 to 4: gemodel P R 1-H 1-K (the later ones may be left out)");
        cases.put(Map.of("loss", "state 60% 10% 0% 100% 50%"), "loss \"state 60% 10% 0% 100% 50%\": p13 and p14 add up to more than 100%;"
                + " they are the chances of leaving a gap's sent state for a burst or an isolated loss");
        cases.put(Map.of("loss", "gemodel 1% 200%"), "loss gemodel r \"200%\" is more than 100%");
        cases.put(Map.of("slot", "5ms 1ms"), "slot \"5ms 1ms\": MAX 1ms is less than MIN 5ms");
        cases.put(Map.of("slot", "1ms packets many"), "slot \"1ms packets many\": packets \"many\" is not a whole number");
        cases.put(Map.of("slot", "distribution uniform 1ms 1ms"), "slot \"distribution uniform 1ms 1ms\": distribution uniform has no table; give MIN MAX for a uniform slot delay");
        cases.put(Map.of("slot", "1ms 2ms bursts 3"), "slot \"1ms 2ms bursts 3\": \"bursts\" is not understood; it takes MIN [MAX] or distribution TYPE DELAY JITTER, then packets N, bytes SIZE");
        for (var e : cases.entrySet()) {
            var x = assertThrows(InvalidInputException.class, () -> va.netem(e.getKey()), e.getKey().toString());
            assertEquals(e.getValue(), x.getMessage());
        }
        assertEquals(before, TcJudge.qdiscs(a.name(), "va"), "nothing changed");
        assertEquals(was, Netem.get(a, "va").conditions().toString(), "the engine's conditions as they were");
        // tc's spellings are taken: a unit apart from its number, "loss random"
        assertTrue(Netem.set(a, "va", NetemTest.c(Map.of("delay", "20 ms 5 ms 10 %", "loss", "random 1%", "slot", "1 ms 2 ms packets 8 bytes 64k")), "nsh")
                .toString().contains("delay 20ms  5ms 10% loss 1% slot 1ms 2ms packets 8 bytes 65536"), Netem.get(a, "va").toString());
    }
}

package dev.nsh.tc;

import dev.nsh.model.LinkConditions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nsh's own engine's decisions, without a kernel: counted outcomes, with wide bounds, and repeatability. */
class ImpairmentTest {
    private static final long MS = 1_000_000;

    static LinkConditions c(Map<String, ?> o) {
        return LinkConditions.parse("netem", o, List.of());
    }

    /** An IPv4 frame numbered n (its bytes after the Ethernet header carry n). */
    static byte[] ip(int n, int len) {
        byte[] f = new byte[len];
        f[12] = 0x08;
        f[14] = (byte) (n >> 8);
        f[15] = (byte) n;
        return f;
    }

    /** The numbers of the frames that came out, in release order, all released by the end. */
    static List<Integer> run(Impairment im, int frames, long gapNs) {
        List<Integer> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < frames; i++, t += gapNs) {
            im.arrive(ip(i, 100), t);
            for (byte[] f : im.due(t)) out.add((f[14] & 0xFF) << 8 | (f[15] & 0xFF));
        }
        for (byte[] f : im.due(Long.MAX_VALUE)) out.add((f[14] & 0xFF) << 8 | (f[15] & 0xFF));
        return out;
    }

    /** When each of 20 frames 2 ms apart leaves (ms), the engine asked every 1 ms as its loop would. */
    static long[] slotted(String slot) {
        Impairment im = new Impairment(c(Map.of("slot", slot)), 1);
        long[] left = new long[20];
        for (long t = 0, i = 0; t < 1000 * MS; t += MS) {
            if (t % (2 * MS) == 0 && i < 20) im.arrive(ip((int) i++, 98), t);
            for (byte[] f : im.due(t)) left[(f[14] & 0xFF) << 8 | (f[15] & 0xFF)] = t / MS;
        }
        return left;
    }

    /**
     * netem's slots, asked as the engine's loop asks: a frame due after its slot opened waits for the next (10 ms on),
     * every frame due by then goes with it (frames 0-5 at 10 ms, 6-11 at 22), and a slot sends no more than its budget.
     */
    @Test
    void aSlotOpensAfterItsDelayAndSendsItsBudget() {
        long[] one = slotted("10ms 10ms packets 1"), all = slotted("10ms 10ms");
        for (int i = 0; i < 20; i++) assertEquals(10 * (i + 1), one[i], "frame " + i + " at one a slot: " + java.util.Arrays.toString(one));
        assertArrayEquals(new long[] {10, 10, 10, 10, 10, 10, 22, 22, 22, 22, 22, 22, 34, 34, 34, 34, 34, 34, 46, 46}, all,
                java.util.Arrays.toString(all));
    }

    /** A slot delay drawn from 0..10 s (past 2^32 ns, where a plain 64-bit product overflows): 5 s apart on average. */
    @Test
    void longSlotDelaysAreUniformOverTheirWholeRange() {
        Impairment im = new Impairment(c(Map.of("slot", "0ms 10s packets 1")), 1);
        for (int i = 0; i < 200; i++) im.arrive(ip(i, 98), 0);
        long last = -1, sum = 0, max = 0;
        for (int n = 0, calls = 0; n < 200 && calls < 1000; calls++) {
            long t = Math.max(0, im.next()); // as the engine's loop: wait until then, take what is due
            int out = im.due(t).size();
            assertTrue(out <= 1, "one frame a slot");
            if (out == 0) continue;
            if (last >= 0) {
                sum += t - last;
                max = Math.max(max, t - last);
            }
            last = t;
            n++;
        }
        double mean = sum / 199.0 / 1e9;
        assertTrue(mean > 4 && mean < 6, "mean gap between slots " + mean + " s, 5 s expected");
        assertTrue(max > 9e9, "the longest gap " + max / 1e9 + " s of up to 10 s");
    }

    /** Correlation 90 % at 50 %: corrupted frames come in runs of about six, as loss's do (one draw per frame, as netem). */
    @Test
    void aCorrelatedChoiceIsDrawnOncePerFrame() {
        Impairment im = new Impairment(c(Map.of("corrupt", "50% 90%")), 7);
        int runs = 0, corrupted = 0;
        boolean before = false;
        for (int i = 0; i < 20_000; i++) {
            byte[] sent = ip(i, 100);
            im.arrive(sent.clone(), 0);
            boolean now = im.due(Long.MAX_VALUE).stream().anyMatch(x -> !java.util.Arrays.equals(x, sent));
            if (now) corrupted++;
            if (now && !before) runs++;
            before = now;
        }
        double run = corrupted / (double) runs;
        assertTrue(run > 5.5, "corrupted frames in runs of " + run);
    }

    /** Lost and duplicated in one: netem's count is 1 + 1 - 1, so one copy goes. */
    @Test
    void aLostDuplicateSendsOneCopy() {
        List<Integer> out = run(new Impairment(c(Map.of("loss", "100%", "duplicate", "100%")), 1), 50, MS);
        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), out);
    }

    /** ECN's CE mark on IPv6: the traffic class's two low bits, bits 4 and 5 of the header's second byte; not-ECT is left. */
    @Test
    void ceOnIpv6IsTheTrafficClassesLowBits() {
        byte[] f = new byte[14 + 40];
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xDD;
        f[14] = 0x60;
        assertTrue(!Impairment.markCe(f.clone()), "not ECN-capable");
        f[15] = 0x20; // ECT(0): traffic class 0x02
        assertTrue(Impairment.markCe(f));
        assertEquals(0x30, f[15] & 0x30, "CE: traffic class 0x03");
        assertEquals(0x60, f[14] & 0xFF, "version and the high bits untouched");
    }

    @Test
    void lossIsNearItsRateAndTheSameSeedLosesTheSamePackets() {
        LinkConditions loss = c(Map.of("loss", "20%"));
        List<Integer> first = run(new Impairment(loss, 42), 2000, MS);
        List<Integer> again = run(new Impairment(loss, 42), 2000, MS);
        List<Integer> other = run(new Impairment(loss, 43), 2000, MS);
        int lost = 2000 - first.size();
        assertTrue(lost >= 320 && lost <= 480, lost + " of 2000 lost at 20%");
        assertEquals(first, again, "seed 42 twice");
        assertNotEquals(first, other, "seeds 42 and 43");
    }

    /** The kernel's own link-local multicast (an IPv6 router solicitation to ff02::2) between them changes no packet's fate. */
    @Test
    void theKernelsLinkLocalMulticastDoesNotShiftTheSeed() {
        LinkConditions loss = c(Map.of("loss", "30%"));
        List<Integer> quiet = run(new Impairment(loss, 42), 500, MS);
        Impairment busy = new Impairment(loss, 42);
        List<Integer> out = new ArrayList<>();
        byte[] rs = new byte[14 + 40 + 8];
        rs[12] = (byte) 0x86;
        rs[13] = (byte) 0xDD;
        rs[14 + 24] = (byte) 0xff;
        rs[14 + 25] = 0x02;
        rs[14 + 39] = 0x02; // ff02::2
        for (int i = 0; i < 500; i++) {
            if (i % 7 == 0) busy.arrive(rs, i * MS);
            busy.arrive(ip(i, 100), i * MS);
        }
        for (byte[] f : busy.due(Long.MAX_VALUE)) if (f.length == 100) out.add((f[14] & 0xFF) << 8 | (f[15] & 0xFF));
        assertEquals(quiet, out, "the same unicast packets lost with and without the kernel's multicast");
        assertEquals(500 - quiet.size(), busy.counters.lost, "none of the multicast lost");
    }

    @Test
    void delayHoldsEveryFrameAtLeastItsDelayAndJitterStaysWithinBounds() {
        Impairment im = new Impairment(c(Map.of("delay", "20ms", "jitter", "5ms")), 1);
        im.arrive(ip(0, 100), 0);
        assertTrue(im.next() >= 15 * MS && im.next() <= 25 * MS, "released at " + im.next());
        assertEquals(List.of(), im.due(15 * MS - 1));
        assertEquals(1, im.due(25 * MS).size());
    }

    @Test
    void duplicateSendsTwiceAndCorruptFlipsOneBitAfterTheEthernetHeader() {
        assertEquals(200, run(new Impairment(c(Map.of("duplicate", "100%")), 5), 100, MS).size());
        Impairment im = new Impairment(c(Map.of("corrupt", "100%")), 5);
        byte[] f = ip(7, 100);
        im.arrive(f.clone(), 0);
        byte[] out = im.due(0).get(0);
        int bits = 0;
        for (int i = 0; i < f.length; i++) bits += Integer.bitCount((f[i] ^ out[i]) & 0xFF);
        assertEquals(1, bits, "bits flipped");
        assertArrayEquals(java.util.Arrays.copyOf(f, 14), java.util.Arrays.copyOf(out, 14), "Ethernet header untouched");
    }

    @Test
    void reorderSendsSomeAheadOfDelayedOnes() {
        List<Integer> out = run(new Impairment(c(Map.of("delay", "10ms", "reorder", "25%")), 3), 1000, MS / 10);
        int inversions = 0;
        for (int i = 1; i < out.size(); i++) if (out.get(i) < out.get(i - 1)) inversions++;
        assertEquals(1000, out.size());
        assertTrue(inversions > 50, inversions + " inversions");
    }

    @Test
    void rateSpacesFramesByTheirSerialisationAndLimitDropsTheOverflow() {
        // 1000-byte frames at 8 Mbit/s: 1 ms each; all at once, the 10th leaves at 10 ms.
        Impairment im = new Impairment(c(Map.of("rate", "8mbit", "limit", 5)), 1);
        for (int i = 0; i < 10; i++) im.arrive(ip(i, 1000), 0);
        assertEquals(5, im.counters.overlimits, "beyond the limit of 5");
        assertEquals(2, im.due(2 * MS).size());
        assertEquals(3, im.due(5 * MS).size());
    }

    @Test
    void framesThatAreNotIpAreOnlyDelayed() {
        Impairment im = new Impairment(c(Map.of("loss", "100%", "delay", "1ms")), 1);
        byte[] arp = new byte[60];
        arp[12] = 0x08;
        arp[13] = 0x06;
        im.arrive(arp, 0);
        im.arrive(ip(1, 100), 0);
        assertEquals(List.of(), im.due(MS - 1));
        assertEquals(1, im.due(MS).size(), "the ARP frame, not the IP packet");
    }
}

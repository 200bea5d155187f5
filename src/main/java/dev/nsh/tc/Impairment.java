package dev.nsh.tc;

import dev.nsh.model.DelayDistribution;
import dev.nsh.model.LinkConditions;
import dev.nsh.model.Slot;
import dev.nsh.model.TcUnits;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * What nsh's own engine does to each frame a link sends, as sch_netem does it: loss, duplication,
 * corruption (one bit flipped after the Ethernet header, so the frame still reaches its host),
 * a delay with jitter (uniform, or shaped by a distribution's table as netem's tabledist does),
 * reordering (a reordered packet skips the delay, as netem's with gap 1), a rate (each frame waits
 * for the one before it to be serialised) and a queue limit. Each choice is a 32-bit number
 * correlated with the one before as netem's get_crandom mixes them, or lost by a loss model's
 * states ({@link LossStates}); a slot sends the queue in bursts. Pure computation, no I/O:
 * frames go in with their arrival time and come out at their release time.
 * <p>
 * The n-th IP packet's fate is drawn from a generator of its own, made from the seed and n, so the
 * same seed gives the same fates to the same packets, whatever else the link carried; frames
 * that are not IP (ARP) are only delayed and rate-limited, and draw nothing.
 */
final class Impairment {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private static final int DELAY = 0, LOSS = 1, DUPLICATE = 2, REORDER = 3, CORRUPT = 4;
    private LinkConditions c;
    private long seed;
    /** netem's crndstate: each kind of choice's correlation (as 2^32-1 fractions) and its last number. */
    private final long[] rho = new long[5], last = new long[5];
    private short[] table;
    private LossStates model;
    /** The slot (netem's slot_next in ns, 0: no slots) and what it may still send. */
    private long slotNext;
    private long slotPackets, slotBytes;
    private short[] slotTable;
    private SplittableRandom slotRandom;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>();
    private long ipPackets, order, lastTxEnd;
    final Counters counters = new Counters();

    /** What happened to the frames so far, as tc -s counts them (sent, dropped, overlimits) and netem's fates. */
    static final class Counters {
        volatile long arrived, sent, sentBytes, lost, duplicated, corrupted, reordered, overlimits, sendErrors, marked;
    }

    private record Pending(long time, long order, byte[] frame) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(order, o.order);
        }
    }

    Impairment(LinkConditions c, long seed) {
        tune(c, seed);
    }

    private void tune(LinkConditions c, long seed) {
        this.c = c;
        this.seed = seed;
        LinkConditions.Correlation k = c.correlation();
        double[] pct = {k.delay(), k.loss(), k.duplicate(), k.reorder(), k.corrupt()};
        SplittableRandom first = new SplittableRandom(seed);
        for (int i = 0; i < rho.length; i++) {
            rho[i] = pct[i] == 0 ? 0 : TcUnits.fraction(pct[i]) + 1;
            last[i] = first.nextInt() & 0xFFFFFFFFL;
        }
        table = c.distribution() == null ? null : c.distribution().table();
        model = c.lossModel() == null ? null : new LossStates(c.lossModel());
        Slot slot = c.slot();
        slotTable = slot == null || slot.distribution() == null ? null : slot.distribution().table();
        slotRandom = new SplittableRandom(seed ^ GOLDEN);
        // as netem's get_slot: the first slot opened when the conditions were set, before any frame's time
        slotNext = slot == null ? 0 : Long.MIN_VALUE;
        slotPackets = slot == null || slot.packets() == 0 ? Integer.MAX_VALUE : slot.packets();
        slotBytes = slot == null || slot.bytes() == 0 ? Integer.MAX_VALUE : slot.bytes();
    }

    /**
     * New conditions from now on (tc's qdisc change): frames already waiting keep their times, and
     * the packets after are numbered from one again, so the new seed gives what a fresh set would.
     */
    void retune(LinkConditions c) {
        tune(c, c.seed());
        this.ipPackets = 0;
    }

    /** Takes a frame that arrived at {@code now} (ns); it is queued for release, or dropped. */
    void arrive(byte[] frame, long now) {
        counters.arrived++;
        if (queue.size() >= c.limit()) {
            counters.overlimits++;
            return;
        }
        if (!isIp(frame) || isLinkLocalMulticast(frame)) {
            queue.add(new Pending(serialised(frame, now) + c.delayNs(), order++, frame));
            return;
        }
        // A generator of the packet's own, so that its draws never shift another packet's fate; each
        // correlated choice is drawn once per copy sent, as netem draws it.
        SplittableRandom r = new SplittableRandom(seed + GOLDEN * ++ipPackets);
        boolean dup = happens(r, DUPLICATE, c.duplicate());
        boolean lost = c.lossModel() == null ? happens(r, LOSS, c.loss()) : model.lost(r);
        if (lost && c.ecn() && markCe(frame)) {
            counters.marked++; // netem's ecn: marked instead of dropped (the kernel counts it as a drop)
            lost = false;
        }
        int copies = 1 + (dup ? 1 : 0) - (lost ? 1 : 0); // netem's count: lost and duplicated sends one
        if (copies == 0) {
            counters.lost++;
            return;
        }
        if (copies == 2) counters.duplicated++;
        boolean reorder = happens(r, REORDER, c.reorder());
        long tx = serialised(frame, now);
        for (int copy = 0; copy < copies; copy++) {
            byte[] f = copy == 0 ? frame : frame.clone();
            boolean corrupt = happens(r, CORRUPT, c.corrupt());
            int corruptAt = r.nextInt(1 << 30);
            if (corrupt && f.length > 14) {
                int bit = corruptAt % ((f.length - 14) * 8);
                f[14 + bit / 8] ^= (byte) (1 << (bit % 8));
                counters.corrupted++;
            }
            long delay = 0;
            if (reorder && copy == 0) {
                counters.reordered++; // sent at once: netem draws no delay for it
            } else {
                delay = Math.max(0, delay(r));
            }
            queue.add(new Pending(tx + delay, order++, f));
        }
    }

    /** netem's get_crandom: a 32-bit number, mixed with the last of its kind by that kind's correlation. */
    private long crandom(SplittableRandom r, int kind) {
        long value = r.nextInt() & 0xFFFFFFFFL;
        if (rho[kind] == 0) return value;
        // unsigned: value * (2^32 - rho) + last * rho stays below 2^64
        last[kind] = (value * ((1L << 32) - rho[kind]) + last[kind] * rho[kind]) >>> 32;
        return last[kind];
    }

    /** Whether a choice of {@code percent} comes out, as netem's "q->loss >= get_crandom()". */
    private boolean happens(SplittableRandom r, int kind, double percent) {
        long number = crandom(r, kind);
        return percent > 0 && TcUnits.fraction(percent) >= number;
    }

    /** netem's tabledist: the delay around its mean, by the jitter (uniform, or the distribution's table in 1/8192ths). */
    private long delay(SplittableRandom r) {
        long mu = c.delayNs(), sigma = c.jitterNs();
        return sigma == 0 ? mu : tabledist(mu, sigma, crandom(r, DELAY), table); // netem draws nothing without a jitter
    }

    /** netem's tabledist for a drawn 32-bit {@code rnd}: mu +- sigma, uniform without a table, else by its values in 1/8192ths. */
    private static long tabledist(long mu, long sigma, long rnd, short[] table) {
        if (table == null) return rnd % (2 * sigma) + mu - sigma;
        long t = table[(int) (rnd % table.length)];
        long x = sigma % DelayDistribution.SCALE * t;
        x += x >= 0 ? DelayDistribution.SCALE / 2 : -DelayDistribution.SCALE / 2;
        return x / DelayDistribution.SCALE + sigma / DelayDistribution.SCALE * t + mu;
    }

    /** When a frame that arrived at {@code now} has left the wire at the rate (now, without one). */
    private long serialised(byte[] frame, long now) {
        if (c.rateBits() == 0) return now;
        long start = Math.max(now, lastTxEnd);
        lastTxEnd = start + (long) (frame.length * 8 * 1e9 / c.rateBits());
        return lastTxEnd;
    }

    /**
     * The frames due at {@code now}, in release order. With a slot, as netem_dequeue: a frame goes
     * only once its slot has opened (a frame due after the slot opened waits for a new one), and a
     * slot's packets or bytes used up open the next.
     */
    List<byte[]> due(long now) {
        List<byte[]> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            Pending head = queue.peek();
            if (slotNext != 0 && slotNext < head.time) nextSlot(now);
            if (head.time > now || slotNext > now) break;
            out.add(queue.poll().frame);
            if (slotNext != 0) {
                slotPackets--;
                slotBytes -= head.frame.length;
                if (slotPackets <= 0 || slotBytes <= 0) nextSlot(now);
            }
        }
        return out;
    }

    /** When the next frame is due (ns), its slot's opening included, or Long.MAX_VALUE if none waits. */
    long next() {
        return queue.isEmpty() ? Long.MAX_VALUE : Math.max(queue.peek().time, slotNext);
    }

    /** netem's get_slot_next: the next slot opens after a delay (uniform from min to max, or the distribution's), with its budget. */
    private void nextSlot(long now) {
        Slot s = c.slot();
        long delay;
        if (s.isDistributed()) {
            delay = tabledist(s.distDelayNs(), s.distJitterNs(), slotRandom.nextInt() & 0xFFFFFFFFL, slotTable);
        } else {
            // (u32 x (max - min)) >> 32 without overflow, as the kernel's mul_u64_u32_shr
            long u = slotRandom.nextInt() & 0xFFFFFFFFL, d = s.maxNs() - s.minNs();
            delay = s.minNs() + (Math.multiplyHigh(d, u) << 32 | (d * u) >>> 32);
        }
        slotNext = now + Math.max(0, delay);
        slotPackets = s.packets() > 0 ? s.packets() : Integer.MAX_VALUE;
        slotBytes = s.bytes() > 0 ? s.bytes() : Integer.MAX_VALUE;
    }

    int queued() {
        return queue.size();
    }

    /**
     * Marks an ECN-capable packet (ECT(0) or ECT(1)) Congestion Experienced, as INET_ECN_set_ce does,
     * the IPv4 header checksum updated (RFC 1624); false for a packet that is not ECN-capable.
     */
    static boolean markCe(byte[] f) {
        int type = (f[12] & 0xFF) << 8 | (f[13] & 0xFF);
        if (type == 0x0800 && f.length >= 14 + 20) {
            int tos = f[15] & 0xFF;
            if ((tos & 3) == 0) return false;
            if ((tos & 3) == 3) return true;
            int oldWord = (f[14] & 0xFF) << 8 | tos, newWord = oldWord | 3;
            int sum = ~((f[24] & 0xFF) << 8 | (f[25] & 0xFF)) & 0xFFFF;
            sum += (~oldWord & 0xFFFF) + newWord;
            sum = (sum & 0xFFFF) + (sum >>> 16);
            sum = (sum & 0xFFFF) + (sum >>> 16);
            sum = ~sum & 0xFFFF;
            f[15] = (byte) (tos | 3);
            f[24] = (byte) (sum >>> 8);
            f[25] = (byte) sum;
            return true;
        }
        if (type == 0x86DD && f.length >= 14 + 40) {
            int ecn = (f[15] >>> 4) & 3; // the traffic class's low two bits: bits 4-5 of the header's second byte
            if (ecn == 0) return false;
            f[15] |= 0x30;
            return true;
        }
        return false;
    }

    /** IPv4 or IPv6 by EtherType (a VLAN tag is not looked through). */
    static boolean isIp(byte[] f) {
        if (f.length < 14) return false;
        int type = (f[12] & 0xFF) << 8 | (f[13] & 0xFF);
        return type == 0x0800 || type == 0x86DD;
    }

    /**
     * To a link-local multicast group (IPv6 ff02::/16: neighbour discovery, MLD, router
     * solicitation; IPv4 224.0.0.0/24): the kernel's own traffic, sent at times of its choosing.
     * It is only delayed, as ARP is, and draws no numbers, so that a seed gives the same packets of
     * the user's traffic the same fates whenever the kernel speaks.
     */
    static boolean isLinkLocalMulticast(byte[] f) {
        int type = (f[12] & 0xFF) << 8 | (f[13] & 0xFF);
        if (type == 0x86DD) return f.length >= 14 + 40 && (f[14 + 24] & 0xFF) == 0xff && (f[14 + 25] & 0x0f) == 2;
        return f.length >= 14 + 20 && (f[14 + 16] & 0xFF) == 224 && f[14 + 17] == 0 && f[14 + 18] == 0;
    }
}

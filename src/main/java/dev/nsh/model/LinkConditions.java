package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conditions of a link's egress, in netem's vocabulary: {@code delay} with {@code jitter}
 * (ns), {@code loss}, {@code duplicate}, {@code corrupt} and {@code reorder} (percent), {@code
 * rate} (bits/s, 0: none), {@code limit} (packets queued, netem's 1000 unless given), the {@code
 * seed} of the random generator (null: one of the kernel's or a random one), each random
 * choice's {@code correlation} with the one before (percent, as tc's third word of {@code delay
 * 20ms 5ms 25%}) and the jitter's {@code distribution} (null where the kernel was read: it does
 * not report it), a {@code lossModel} in place of random loss (null: none), and {@code ecn}:
 * ECN-capable packets that loss would drop are marked Congestion Experienced instead, and a
 * {@link Slot} (null: none) that sends the queue in bursts. Read from the options of {@code link.netem(delay: "20ms 5ms 25%", loss: "2%",
 * ...)} by {@link #parse}, which checks every value and rule before anything changes; printed as
 * {@code tc qdisc show} prints netem's options.
 */
public record LinkConditions(long delayNs, long jitterNs, double loss, double duplicate, double corrupt, double reorder,
                             long rateBits, int limit, Long seed, Correlation correlation, DelayDistribution distribution,
                             LossModel lossModel, boolean ecn, Slot slot) {
    /** netem's queue length when none is given. */
    public static final int DEFAULT_LIMIT = 1000;
    /** The options {@link #parse} takes. */
    public static final List<String> OPTIONS = List.of("delay", "jitter", "loss", "rate", "duplicate", "corrupt", "reorder",
            "limit", "seed", "distribution", "ecn", "slot");

    public static final LinkConditions NONE = new LinkConditions(0, 0, 0, 0, 0, 0, 0, DEFAULT_LIMIT, null);

    /**
     * How much each random choice follows the one before, in percent, as netem's correlations: of the
     * jitter, of loss, duplication, reordering and corruption (0: each is drawn afresh).
     */
    public record Correlation(double delay, double loss, double duplicate, double reorder, double corrupt) {
        public static final Correlation NONE = new Correlation(0, 0, 0, 0, 0);

        public boolean isNone() {
            return equals(NONE);
        }
    }

    /** No correlation where none is given (null). */
    public LinkConditions {
        if (correlation == null) correlation = Correlation.NONE;
    }

    /** Conditions without correlations and with uniform jitter. */
    public LinkConditions(long delayNs, long jitterNs, double loss, double duplicate, double corrupt, double reorder,
                          long rateBits, int limit, Long seed) {
        this(delayNs, jitterNs, loss, duplicate, corrupt, reorder, rateBits, limit, seed, Correlation.NONE, DelayDistribution.UNIFORM, null, false, null);
    }

    /**
     * The conditions that {@code options} (of {@link #OPTIONS}, and {@code extra} which the caller
     * reads) give. A value may carry tc's further words: {@code delay: "20ms 5ms 25%"} (jitter and
     * its correlation), {@code loss: "2% 25%"} and so on.
     */
    public static LinkConditions parse(String method, Map<String, ?> options, List<String> extra) {
        List<String> allowed = new ArrayList<>(OPTIONS);
        allowed.addAll(extra);
        Options.check(method, options.keySet(), allowed, Map.of());
        List<String> delayWords = words(options, "delay", 3, "a delay, a jitter and its correlation (\"20ms 5ms 25%\")");
        List<String> jitterWords = words(options, "jitter", 2, "a jitter and its correlation (\"5ms 25%\")");
        if (delayWords.size() > 1 && !jitterWords.isEmpty()) {
            throw new InvalidInputException("delay " + show(options.get("delay")) + " and jitter " + show(options.get("jitter"))
                    + " both give a jitter; give it once");
        }
        Object jitterGiven = options.get("jitter");
        if (delayWords.size() > 1) {
            jitterWords = delayWords.subList(1, delayWords.size());
            jitterGiven = jitterWords.get(0);
        }
        long delay = delayWords.isEmpty() ? 0 : TcUnits.time("delay", one(options.get("delay"), delayWords));
        long jitter = jitterWords.isEmpty() ? 0 : TcUnits.time("jitter", one(jitterGiven, jitterWords));
        if (jitter > Integer.MAX_VALUE) {
            throw new InvalidInputException("jitter " + show(jitterGiven) + " is more than 2.147s, the most netem takes (2^31-1 ns)");
        }
        if (jitter > 0 && delay == 0) {
            throw new InvalidInputException("jitter " + show(jitterGiven) + " needs a delay: it varies the delay around it");
        }
        double delayCorr = correlation("jitter", jitterWords);
        if (delayCorr > 0 && jitter == 0) {
            throw new InvalidInputException("jitter correlation " + show(jitterWords.get(1)) + " needs a jitter of more than 0");
        }
        DelayDistribution dist = options.get("distribution") == null ? DelayDistribution.UNIFORM
                : DelayDistribution.parse(options.get("distribution"));
        if (dist != DelayDistribution.UNIFORM && jitter == 0) {
            throw new InvalidInputException("distribution " + dist + " needs a delay with a jitter: it shapes the jitter (delay: \"20ms 5ms\")");
        }
        double[] p = new double[4], corr = new double[4];
        String[] keys = {"loss", "duplicate", "reorder", "corrupt"};
        LossModel model = null;
        Object lossGiven = options.get("loss");
        if (lossGiven instanceof CharSequence text && LossModel.isModel(text.toString().trim().split("\\s+")[0])) {
            model = LossModel.parse(text.toString().trim(), words(options, "loss", Integer.MAX_VALUE, ""));
        }
        for (int i = model == null ? 0 : 1; i < keys.length; i++) {
            List<String> w = words(options, keys[i], 2, "a percentage and its correlation (\"2% 25%\")"
                    + (keys[i].equals("loss") ? ", or a model (\"gemodel 1% 30%\", \"state 1% 30%\")" : ""));
            Object given = options.get(keys[i]);
            if (keys[i].equals("loss") && w.size() > 1 && w.get(0).equals("random")) { // tc's "loss random 2%"
                w = w.subList(1, w.size());
                given = w.get(0);
            }
            p[i] = w.isEmpty() ? 0 : TcUnits.percent(keys[i], one(given, w));
            corr[i] = correlation(keys[i], w);
            if (corr[i] > 0 && p[i] == 0) {
                throw new InvalidInputException(keys[i] + " correlation " + show(w.get(w.size() - 1)) + " needs a " + keys[i] + " of more than 0%");
            }
        }
        double reorder = p[2];
        if (reorder > 0 && delay == 0) {
            throw new InvalidInputException("reorder " + show(options.get("reorder"))
                    + " needs a delay: reordered packets are the ones sent without it");
        }
        boolean ecn = Options.flag("ecn", options.get("ecn"), false);
        if (ecn && p[0] == 0 && model == null) {
            throw new InvalidInputException("ecn marks the packets that loss would drop (those ECN-capable); give a loss too");
        }
        Slot slot = options.get("slot") == null ? null : Slot.parse(options.get("slot"));
        long rate = options.get("rate") == null ? 0 : TcUnits.rate("rate", options.get("rate"));
        int limit = DEFAULT_LIMIT;
        Object l = options.get("limit");
        if (l != null) {
            java.math.BigInteger n = whole(l, "limit", "packets");
            if (n.signum() < 1 || n.compareTo(java.math.BigInteger.valueOf(1_000_000)) > 0) {
                throw new InvalidInputException("limit " + show(l) + " is out of range; it must be 1 to 1000000 packets");
            }
            limit = n.intValue();
        }
        Long seed = null;
        Object s = options.get("seed");
        if (s != null) {
            java.math.BigInteger n = whole(s, "seed", "");
            // netem's seed is a u64: 0 to 2^64-1 (as netem() prints a kernel's), or a negative long as its bits
            if (n.bitLength() > 64 || n.signum() < 0 && n.bitLength() > 63) {
                throw new InvalidInputException("seed " + show(s) + " is out of range; it must be 0 to 18446744073709551615");
            }
            seed = n.longValue();
        }
        return new LinkConditions(delay, jitter, p[0], p[1], p[3], reorder, rate, limit, seed,
                new Correlation(delayCorr, corr[0], corr[1], corr[2], corr[3]), dist, model, ecn, slot);
    }


    /** The words of a text value ("20ms 5ms 25%"), at most {@code max}; a number is one word. */
    private static List<String> words(Map<String, ?> options, String key, int max, String takes) {
        Object v = options.get(key);
        if (v == null) return List.of();
        if (!(v instanceof CharSequence)) return List.of(String.valueOf(v));
        List<String> w = tokens(v.toString());
        if (w.isEmpty()) throw new InvalidInputException(key + " \"" + v + "\" is empty; it takes " + takes);
        if (w.size() > max + (key.equals("loss") && w.get(0).equals("random") ? 1 : 0)) {
            throw new InvalidInputException(key + " " + show(v) + " has " + w.size() + " words; it takes " + takes);
        }
        return w;
    }

    /** tc's words within a value, never a unit ("packets 8 bytes 64k"). */
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("packets", "bytes", "distribution", "random", "state", "gemodel");

    /**
     * tc's words of a text value, split at spaces; a unit standing apart ("20 ms") is kept with its
     * number ("20 ms", one word, which TcUnits reads as "20ms"), so that messages quote what was written.
     */
    static List<String> tokens(String text) {
        List<String> w = new ArrayList<>();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) continue;
            String last = w.isEmpty() ? null : w.get(w.size() - 1);
            boolean unit = last != null && Character.isLetter(word.charAt(0)) && !KEYWORDS.contains(word)
                    && Character.isDigit(last.charAt(last.length() - 1))
                    || last != null && word.equals("%") && Character.isDigit(last.charAt(last.length() - 1));
            if (unit) w.set(w.size() - 1, last + " " + word);
            else w.add(word);
        }
        return w;
    }

    /** {@code v} as an exact whole number (a Groovy number or its text); 2.5 or "ten" is refused, never cut. */
    private static java.math.BigInteger whole(Object v, String what, String unit) {
        java.math.BigInteger b = Options.exact(v);
        if (b == null) throw new InvalidInputException(what + " " + show(v) + " is not a whole number" + (unit.isEmpty() ? "" : " of " + unit));
        return b;
    }

    /** The value as given where it is one word (a Groovy number stays a number, "20 ms" is quoted whole), else its first word. */
    private static Object one(Object given, List<String> w) {
        return w.size() == 1 && given != null ? given : w.get(0);
    }

    /** The correlation word of {@code w} (its second), or 0. */
    private static double correlation(String key, List<String> w) {
        return w.size() < 2 ? 0 : TcUnits.percent(key + " correlation", w.get(w.size() - 1));
    }

    private static String show(Object v) {
        return v instanceof CharSequence ? "\"" + v + "\"" : String.valueOf(v);
    }

    /** Whether anything but a rate (and its queue) is asked for: what tbf alone cannot do. */
    public boolean needsNetem() {
        return delayNs > 0 || loss > 0 || lossModel != null || duplicate > 0 || corrupt > 0 || reorder > 0 || slot != null;
    }

    public boolean isNone() {
        return !needsNetem() && rateBits == 0;
    }

    /** The same conditions with another seed. */
    public LinkConditions withSeed(Long s) {
        return new LinkConditions(delayNs, jitterNs, loss, duplicate, corrupt, reorder, rateBits, limit, s, correlation, distribution, lossModel, ecn, slot);
    }

    /** The conditions alone, for a lab's table and diagram: "delay 10ms loss 1%" (the limit when not netem's default; the distribution when not uniform). */
    public String brief() {
        String s = toString().replaceFirst("^limit " + DEFAULT_LIMIT + " ?", "").replaceFirst(" ?seed \\d+$", "");
        if (distribution != null && distribution != DelayDistribution.UNIFORM) s += " distribution " + distribution;
        return s.replace("  ", " ");
    }

    /**
     * As tc prints netem's options: "limit 1000 delay 20ms  5ms 25% loss 2% rate 10Mbit seed 42"
     * (a correlation after what it correlates; the distribution not at all, as tc, which the kernel does not tell).
     */
    @Override
    public String toString() {
        List<String> p = new ArrayList<>();
        Correlation k = correlation;
        p.add("limit " + limit);
        if (delayNs > 0) p.add("delay " + TcUnits.time(delayNs) + (jitterNs > 0 ? "  " + TcUnits.time(jitterNs) + corr(k.delay()) : ""));
        if (loss > 0) p.add("loss " + TcUnits.percent(loss) + corr(k.loss()));
        if (lossModel != null) p.add(lossModel.toString());
        if (duplicate > 0) p.add("duplicate " + TcUnits.percent(duplicate) + corr(k.duplicate()));
        if (reorder > 0) p.add("reorder " + TcUnits.percent(reorder) + corr(k.reorder()));
        if (corrupt > 0) p.add("corrupt " + TcUnits.percent(corrupt) + corr(k.corrupt()));
        if (rateBits > 0) p.add("rate " + TcUnits.rate(rateBits));
        if (slot != null) p.add(slot.toString());
        if (ecn) p.add("ecn");
        if (seed != null) p.add("seed " + Long.toUnsignedString(seed));
        return String.join(" ", p);
    }

    private static String corr(double pct) {
        return pct > 0 ? " " + TcUnits.percent(pct) : "";
    }
}

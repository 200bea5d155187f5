package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conditions of a link's egress, in netem's vocabulary: {@code delay} with {@code jitter}
 * (ns), {@code loss}, {@code duplicate}, {@code corrupt} and {@code reorder} (percent), {@code
 * rate} (bits/s, 0: none), {@code limit} (packets queued, netem's 1000 unless given) and the
 * {@code seed} of the random generator (null: one of the kernel's or a random one). Read from
 * the options of {@code link.netem(delay: "20ms", loss: "2%", ...)} by {@link #parse}, which
 * checks every value and rule before anything changes; printed as {@code tc qdisc show} prints
 * netem's options.
 */
public record LinkConditions(long delayNs, long jitterNs, double loss, double duplicate, double corrupt, double reorder,
                             long rateBits, int limit, Long seed) {
    /** netem's queue length when none is given. */
    public static final int DEFAULT_LIMIT = 1000;
    /** The options {@link #parse} takes. */
    public static final List<String> OPTIONS = List.of("delay", "jitter", "loss", "rate", "duplicate", "corrupt", "reorder",
            "limit", "seed");

    public static final LinkConditions NONE = new LinkConditions(0, 0, 0, 0, 0, 0, 0, DEFAULT_LIMIT, null);

    /** The conditions that {@code options} (of {@link #OPTIONS}, and {@code extra} which the caller reads) give. */
    public static LinkConditions parse(String method, Map<String, ?> options, List<String> extra) {
        List<String> allowed = new ArrayList<>(OPTIONS);
        allowed.addAll(extra);
        Options.check(method, options.keySet(), allowed, Map.of());
        long delay = options.get("delay") == null ? 0 : TcUnits.time("delay", options.get("delay"));
        long jitter = options.get("jitter") == null ? 0 : TcUnits.time("jitter", options.get("jitter"));
        if (jitter > 0 && delay == 0) {
            throw new InvalidInputException("jitter " + show(options.get("jitter")) + " needs a delay: it varies the delay around it");
        }
        double reorder = pct(options, "reorder");
        if (reorder > 0 && delay == 0) {
            throw new InvalidInputException("reorder " + show(options.get("reorder"))
                    + " needs a delay: reordered packets are the ones sent without it");
        }
        long rate = options.get("rate") == null ? 0 : TcUnits.rate("rate", options.get("rate"));
        int limit = DEFAULT_LIMIT;
        Object l = options.get("limit");
        if (l != null) {
            long n;
            try {
                n = l instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue()) ? num.longValue() : Long.parseLong(l.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("limit " + show(l) + " is not a whole number of packets");
            }
            if (n < 1 || n > 1_000_000) throw new InvalidInputException("limit " + show(l) + " is out of range; it must be 1 to 1000000 packets");
            limit = (int) n;
        }
        Long seed = null;
        Object s = options.get("seed");
        if (s != null) {
            try {
                seed = s instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue()) ? num.longValue() : Long.parseLong(s.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("seed " + show(s) + " is not a whole number");
            }
        }
        return new LinkConditions(delay, jitter, pct(options, "loss"), pct(options, "duplicate"), pct(options, "corrupt"), reorder,
                rate, limit, seed);
    }

    private static double pct(Map<String, ?> options, String key) {
        return options.get(key) == null ? 0 : TcUnits.percent(key, options.get(key));
    }

    private static String show(Object v) {
        return v instanceof CharSequence ? "\"" + v + "\"" : String.valueOf(v);
    }

    /** Whether anything but a rate (and its queue) is asked for: what tbf alone cannot do. */
    public boolean needsNetem() {
        return delayNs > 0 || loss > 0 || duplicate > 0 || corrupt > 0 || reorder > 0;
    }

    public boolean isNone() {
        return !needsNetem() && rateBits == 0;
    }

    /** The same conditions with another seed. */
    public LinkConditions withSeed(Long s) {
        return new LinkConditions(delayNs, jitterNs, loss, duplicate, corrupt, reorder, rateBits, limit, s);
    }

    /** The conditions alone, for a lab's table and diagram: "delay 10ms loss 1%" (the limit when not netem's default). */
    public String brief() {
        String s = toString().replaceFirst("^limit " + DEFAULT_LIMIT + " ?", "").replaceFirst(" ?seed \\d+$", "");
        return s.replace("  ", " ");
    }

    /** As tc prints netem's options: "limit 1000 delay 20ms  5ms loss 2% rate 10Mbit seed 42". */
    @Override
    public String toString() {
        List<String> p = new ArrayList<>();
        p.add("limit " + limit);
        if (delayNs > 0) p.add("delay " + TcUnits.time(delayNs) + (jitterNs > 0 ? "  " + TcUnits.time(jitterNs) : ""));
        if (loss > 0) p.add("loss " + TcUnits.percent(loss));
        if (duplicate > 0) p.add("duplicate " + TcUnits.percent(duplicate));
        if (reorder > 0) p.add("reorder " + TcUnits.percent(reorder));
        if (corrupt > 0) p.add("corrupt " + TcUnits.percent(corrupt));
        if (rateBits > 0) p.add("rate " + TcUnits.rate(rateBits));
        if (seed != null) p.add("seed " + Long.toUnsignedString(seed));
        return String.join(" ", p);
    }
}

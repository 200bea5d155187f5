package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.util.List;
import java.util.Locale;

/**
 * netem's slotting, in tc's words: {@code slot: "800us 1ms packets 32 bytes 64k"} (each slot opens
 * after a delay drawn uniformly from MIN to MAX) or {@code slot: "distribution normal 1ms 200us"}
 * (the delay from a distribution's table), and a slot sends at most {@code packets} frames or
 * {@code bytes} before the next one (0: no bound), as a Wi-Fi or cellular link sends in bursts.
 * Times in ns; {@code distribution} null when read from the kernel (it does not report it).
 */
public record Slot(long minNs, long maxNs, int packets, int bytes, DelayDistribution distribution, long distDelayNs, long distJitterNs) {
    /** Whether the delay comes from a distribution (tc's "slot distribution TYPE DELAY JITTER"). */
    public boolean isDistributed() {
        return distJitterNs > 0;
    }

    /** tc's words of a slot value, read as tc reads them; every rule checked before anything is made. */
    static Slot parse(Object given) {
        List<String> w = LinkConditions.tokens(String.valueOf(given));
        if (w.isEmpty()) throw new InvalidInputException("slot \"" + given + "\" is empty; it takes MIN [MAX] or distribution TYPE DELAY JITTER");
        String form = "it takes MIN [MAX] or distribution TYPE DELAY JITTER, then packets N, bytes SIZE";
        int i = 0;
        long min = 0, max = 0, delay = 0, jitter = 0;
        DelayDistribution dist = null;
        if (w.get(0).equals("distribution")) {
            if (w.size() < 4) throw new InvalidInputException("slot \"" + given + "\": distribution needs a TYPE, a DELAY and a JITTER; " + form);
            dist = DelayDistribution.parse(w.get(1));
            if (dist == DelayDistribution.UNIFORM) {
                throw new InvalidInputException("slot \"" + given + "\": distribution uniform has no table; give MIN MAX for a uniform slot delay");
            }
            delay = TcUnits.time("slot delay", w.get(2));
            jitter = TcUnits.time("slot jitter", w.get(3));
            if (jitter == 0) throw new InvalidInputException("slot \"" + given + "\": the jitter must be more than 0");
            if (jitter > Integer.MAX_VALUE) throw new InvalidInputException("slot \"" + given + "\": the jitter is more than 2.147s, the most netem takes (2^31-1 ns)");
            i = 4;
        } else {
            min = max = TcUnits.time("slot", w.get(0));
            i = 1;
            if (i < w.size() && (Character.isDigit(w.get(i).charAt(0)) || w.get(i).startsWith("-"))) {
                max = TcUnits.time("slot max", w.get(i++));
                if (max < min) throw new InvalidInputException("slot \"" + given + "\": MAX " + w.get(i - 1) + " is less than MIN " + w.get(0));
            }
        }
        if (max == 0 && jitter == 0) {
            throw new InvalidInputException("slot \"" + given + "\": a slot needs a delay of more than 0 (netem takes none as no slots)");
        }
        int packets = 0, bytes = 0;
        if (i + 1 < w.size() && w.get(i).equals("packets")) {
            packets = whole(given, "packets", w.get(i + 1), false);
            i += 2;
        }
        if (i + 1 < w.size() && w.get(i).equals("bytes")) {
            bytes = whole(given, "bytes", w.get(i + 1), true);
            i += 2;
        }
        if (i < w.size()) throw new InvalidInputException("slot \"" + given + "\": \"" + w.get(i) + "\" is not understood; " + form);
        return new Slot(min, max, packets, bytes, dist, delay, jitter);
    }

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]*)?)\\s*([a-zA-Z]*)");

    /** A count (packets) or a size as tc's get_size reads it ("64k", "1mb", "12kbit"), 1 to 2^31-1. */
    private static int whole(Object given, String what, String v, boolean size) {
        java.util.regex.Matcher m = SIZE.matcher(v);
        if (!m.matches() || !size && !m.group(2).isEmpty()) {
            throw new InvalidInputException("slot \"" + given + "\": " + what + " \"" + v + "\" is not " + (size ? "a size such as \"64k\"" : "a whole number"));
        }
        double x = Double.parseDouble(m.group(1)) * switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k", "kb" -> 1024;
            case "m", "mb" -> 1024 * 1024;
            case "g", "gb" -> 1024.0 * 1024 * 1024;
            case "kbit" -> 1024 / 8.0;
            case "mbit" -> 1024 * 1024 / 8.0;
            case "gbit" -> 1024.0 * 1024 * 1024 / 8;
            default -> throw new InvalidInputException("slot \"" + given + "\": " + what + " \"" + v + "\": unknown unit \"" + m.group(2)
                    + "\"; use b, k, m, g (or kbit, mbit, gbit)");
        };
        if (x < 1 || x > Integer.MAX_VALUE || !size && x != Math.rint(x)) {
            throw new InvalidInputException("slot \"" + given + "\": " + what + " " + v + " is out of range; it must be 1 to 2147483647");
        }
        return (int) x;
    }

    /** As tc prints it: "slot 800us 1ms packets 32 bytes 65536", "slot distribution 1ms 200us". */
    @Override
    public String toString() {
        String s = isDistributed() ? "slot distribution " + TcUnits.time(distDelayNs) + " " + TcUnits.time(distJitterNs)
                : "slot " + TcUnits.time(minNs) + " " + TcUnits.time(maxNs);
        return s + (packets > 0 ? " packets " + packets : "") + (bytes > 0 ? " bytes " + bytes : "");
    }
}

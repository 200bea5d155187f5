package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * netem's loss models, in tc's words: {@code loss: "state P13 [P31 [P32 [P23 [P14]]]]"} (the
 * 4-state model of netem's CLG: gap and burst periods, each with sent and lost packets) or {@code
 * loss: "gemodel P [R [1-H [1-K]]]"} (Gilbert-Elliott: a good and a bad state, a chance of loss in
 * each). Each value is kept as the kernel holds it, a fraction of 2^32-1, with tc's defaults for
 * those not given, so the request is tc's to the byte: {@code fractions} are p13 p31 p32 p23 p14
 * for "state", and p r h k1 for "gemodel" (h the chance of NO loss in the bad state, as the kernel
 * takes it; tc's word is 1-h).
 */
public record LossModel(String kind, List<Long> fractions) {
    public static final String STATE = "state", GEMODEL = "gemodel";
    private static final long MAX = 0xFFFFFFFFL;
    private static final List<String> STATE_WORDS = List.of("p13", "p31", "p32", "p23", "p14"), GE_WORDS = List.of("p", "r", "1-h", "1-k");

    public LossModel {
        int n = STATE.equals(kind) ? 5 : GEMODEL.equals(kind) ? 4 : -1;
        if (n < 0 || fractions == null || fractions.size() != n) {
            throw new IllegalArgumentException("a loss model is state with 5 fractions or gemodel with 4: " + kind + " " + fractions);
        }
        fractions = List.copyOf(fractions);
    }

    /** Whether {@code first}, a loss value's first word, names a model. */
    public static boolean isModel(String first) {
        return first.equals(STATE) || first.equals(GEMODEL);
    }

    /** {@code words} of a loss value ("state", "10%", "50%" ...), {@code given} as the user wrote it for messages. */
    static LossModel parse(Object given, List<String> words) {
        String kind = words.get(0);
        List<String> names = kind.equals(STATE) ? STATE_WORDS : GE_WORDS;
        List<String> values = words.subList(1, words.size());
        String form = kind + " " + String.join(" ", names.stream().map(n -> n.toUpperCase(java.util.Locale.ROOT)).toList());
        if (values.isEmpty() || values.size() > names.size()) {
            throw new InvalidInputException("loss \"" + given + "\" has " + values.size() + " percentages after " + kind + "; it takes 1 to "
                    + names.size() + ": " + form + " (the later ones may be left out)");
        }
        long[] f = new long[names.size()];
        double[] pct = new double[names.size()];
        for (int i = 0; i < values.size(); i++) {
            pct[i] = TcUnits.percent("loss " + kind + " " + names.get(i), values.get(i));
            f[i] = TcUnits.fraction(pct[i]);
        }
        double first = pct[0] / 100;
        if (kind.equals(STATE)) {
            // tc's defaults: p31 = 1 - p13, p32 = 0, p23 = 1, p14 = 0
            if (values.size() < 2) f[1] = (long) Math.rint((1. - first) * MAX);
            if (values.size() < 4) f[3] = MAX;
            check(given, f[0] + f[4], "p13 and p14", "the chances of leaving a gap's sent state for a burst or an isolated loss");
            check(given, f[1] + f[2], "p31 and p32", "the chances of leaving a burst's lost state for a gap or a burst's sent state");
        } else {
            // tc's defaults: r = 1 - p, 1-h = 1 (h = 0), 1-k = 0; tc sends h itself
            if (values.size() < 2) f[1] = (long) Math.rint((1. - first) * MAX);
            f[2] = values.size() < 3 ? 0 : MAX - f[2];
        }
        List<Long> out = new ArrayList<>();
        for (long v : f) out.add(v);
        return new LossModel(kind, List.copyOf(out));
    }

    private static void check(Object given, long sum, String which, String what) {
        if (sum > MAX) throw new InvalidInputException("loss \"" + given + "\": " + which + " add up to more than 100%; they are " + what);
    }

    /** As tc prints it: "loss state p13 10% p31 50% p32 20% p23 30% p14 1%", "loss gemodel p 5% r 50% 1-h 100% 1-k 0%". */
    @Override
    public String toString() {
        List<String> names = kind.equals(STATE) ? STATE_WORDS : GE_WORDS;
        StringBuilder b = new StringBuilder("loss " + kind);
        for (int i = 0; i < names.size(); i++) {
            long v = kind.equals(GEMODEL) && i == 2 ? MAX - fractions.get(i) : fractions.get(i);
            b.append(' ').append(names.get(i)).append(' ').append(TcUnits.percent(TcUnits.percentOf(v)));
        }
        return b.toString();
    }
}

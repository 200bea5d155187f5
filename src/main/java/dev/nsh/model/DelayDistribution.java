package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * The shape of netem's jitter ({@code distribution normal}): uniform, as netem draws it without a
 * table, or one of the tables iproute2 installs, made here as its netem/normal.c, pareto.c and
 * paretonormal.c make them (4,096 values in units of NETEM_DIST_SCALE, 8192 = one jitter), so the
 * bytes nsh sends equal tc's and no file of iproute2's is needed.
 */
public enum DelayDistribution {
    UNIFORM, NORMAL, PARETO, PARETONORMAL;

    /** NETEM_DIST_SCALE of {@code <linux/pkt_sched.h>}: a table value of 8192 is one jitter. */
    public static final int SCALE = 8192;
    private static final int TABLESIZE = 16384;
    private short[] table;

    /** "normal" (tc's word) as a distribution; anything else is refused naming those there are. */
    public static DelayDistribution parse(Object v) {
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        for (DelayDistribution d : values()) if (d.word().equals(s)) return d;
        throw new InvalidInputException("distribution \"" + v + "\" is not one of " + list());
    }

    /** tc's name for it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The table tc sends as TCA_NETEM_DELAY_DIST, or null for uniform (netem's own, no table). */
    public synchronized short[] table() {
        if (this == UNIFORM) return null;
        if (table == null) table = make(this);
        return table.clone();
    }

    private static short[] make(DelayDistribution d) {
        double[] normal = d == PARETO ? null : normalQuantiles();
        short[] t = new short[TABLESIZE / 4];
        for (int i = 0; i < TABLESIZE; i += 4) {
            int norm = normal == null ? 0 : (int) Math.rint(normal[i] * SCALE);
            int value = switch (d) {
                case NORMAL -> norm;
                case PARETO -> pareto(65536 - 4 * i);
                default -> (norm + 3 * pareto(65536 - 4 * i)) / 4; // C's integer division, towards zero, as Java's
            };
            t[i / 4] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
        }
        return t;
    }

    /** For each of TABLESIZE+1 cumulative probabilities, the last x of a 0.00005 walk over -10..10 that rounds to it. */
    private static double[] normalQuantiles() {
        double[] q = new double[TABLESIZE + 1];
        for (double x = -10.0; x < 10.05; x += .00005) q[(int) Math.rint(TABLESIZE * (.5 + .5 * erf(x / Math.sqrt(2.0))))] = x;
        return q;
    }

    /** A Pareto value (shape 3) for a probability of i/65536, shifted and scaled as pareto.c does. */
    private static int pareto(int i) {
        double v = 1.0 / Math.pow(i / 65536.0, 1.0 / 3.0);
        v = (v - 1.5) * (4.0 / 3.0) * SCALE;
        return (int) Math.rint(Math.min(v, 32767));
    }

    /**
     * erf(x) = 2/sqrt(pi) e^(-x^2) sum 2^n x^(2n+1) / (1*3*...*(2n+1)): a series of positive terms, so
     * no cancellation, near a double's precision up to |x| = 6; past that erf is +-1 to 1e-17.
     */
    static double erf(double x) {
        if (Math.abs(x) > 6) return Math.signum(x);
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }

    @Override
    public String toString() {
        return word();
    }

    private static String list() {
        return String.join(", ", Arrays.stream(values()).map(DelayDistribution::word).toList());
    }
}

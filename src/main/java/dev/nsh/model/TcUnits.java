package dev.nsh.model;

import dev.nsh.error.InvalidInputException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tc's units, read and printed as tc reads and prints them: times ("20ms", "1.5s", "500us";
 * a bare number is milliseconds), percentages ("2%", "0.1%"; a bare number is percent) and rates
 * ("10mbit", "1gbit", "500kbit", "2mbps" in bytes; a bare number is bits/s).
 */
public final class TcUnits {
    private TcUnits() {}

    private static final Pattern NUMBER_UNIT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)\\s*([a-zA-Z%]*)\\s*");

    /** Nanoseconds of {@code option}'s value. */
    public static long time(String option, Object v) {
        if (v instanceof Number n) return checkedNanos(option, v, n.doubleValue() * 1e6);
        Matcher m = match(option, v, "a time such as \"20ms\"");
        double x = Double.parseDouble(m.group(1));
        double scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "ms", "msec", "msecs" -> 1e6;
            case "s", "sec", "secs" -> 1e9;
            case "us", "usec", "usecs" -> 1e3;
            case "ns", "nsec", "nsecs" -> 1;
            default -> throw new InvalidInputException(option + " \"" + v + "\": unknown unit \"" + m.group(2) + "\"; use ns, us, ms or s");
        };
        return checkedNanos(option, v, x * scale);
    }

    private static long checkedNanos(String option, Object v, double ns) {
        if (ns < 0 || Double.isNaN(ns)) throw new InvalidInputException(option + " " + quoted(v) + " is negative; a time is 0 or more");
        if (ns > 60e9) throw new InvalidInputException(option + " " + quoted(v) + " is more than 60s, the longest nsh takes");
        return Math.round(ns);
    }

    /** A percentage, 0 to 100, of {@code option}'s value. */
    public static double percent(String option, Object v) {
        double p;
        if (v instanceof Number n) {
            p = n.doubleValue();
        } else {
            Matcher m = match(option, v, "a percentage such as \"2%\"");
            if (!m.group(2).isEmpty() && !m.group(2).equals("%")) {
                throw new InvalidInputException(option + " \"" + v + "\": unknown unit \"" + m.group(2) + "\"; a percentage ends in %");
            }
            p = Double.parseDouble(m.group(1));
        }
        if (p < 0 || Double.isNaN(p)) throw new InvalidInputException(option + " " + quoted(v) + " is negative; a percentage is 0% to 100%");
        if (p > 100) throw new InvalidInputException(option + " " + quoted(v) + " is more than 100%");
        return p;
    }

    /** Bits per second of {@code option}'s value (more than 0). */
    public static long rate(String option, Object v) {
        double bits;
        if (v instanceof Number n) {
            bits = n.doubleValue();
        } else {
            Matcher m = match(option, v, "a rate such as \"10mbit\"");
            double x = Double.parseDouble(m.group(1));
            String u = m.group(2).toLowerCase(Locale.ROOT);
            double scale = switch (u) {
                case "", "bit" -> 1;
                case "kbit" -> 1e3;
                case "mbit" -> 1e6;
                case "gbit" -> 1e9;
                case "tbit" -> 1e12;
                case "kibit" -> 1024;
                case "mibit" -> 1024 * 1024;
                case "gibit" -> 1024.0 * 1024 * 1024;
                case "bps" -> 8;
                case "kbps" -> 8e3;
                case "mbps" -> 8e6;
                case "gbps" -> 8e9;
                default -> throw new InvalidInputException(option + " \"" + v + "\": unknown unit \"" + m.group(2)
                        + "\"; use bit, kbit, mbit, gbit (or bps, kbps, mbps, gbps for bytes)");
            };
            bits = x * scale;
        }
        if (!(bits >= 8)) throw new InvalidInputException(option + " " + quoted(v) + " is less than 8bit (one byte a second)");
        if (bits > 1e12) throw new InvalidInputException(option + " " + quoted(v) + " is more than 1tbit");
        return Math.round(bits);
    }

    private static Matcher match(String option, Object v, String what) {
        Matcher m = NUMBER_UNIT.matcher(v == null ? "" : v.toString());
        if (!m.matches()) {
            String s = v == null ? "" : v.toString().trim();
            String rule = s.startsWith("-") ? "is negative" : "is not " + what;
            throw new InvalidInputException(option + " " + quoted(v) + " " + rule);
        }
        return m;
    }

    private static String quoted(Object v) {
        return v instanceof CharSequence ? "\"" + v + "\"" : String.valueOf(v);
    }

    /** A percentage as netem's fraction of 2^32-1, rounded as tc rounds it (rint). */
    public static long fraction(double percent) {
        return (long) Math.rint(percent / 100 * 0xFFFFFFFFL);
    }

    /** A fraction of 2^32-1 as a percentage, to the precision tc prints (%g: 6 digits). */
    public static double percentOf(long fraction) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", fraction * 100.0 / 0xFFFFFFFFL));
    }

    /** A time as tc prints it (print_time64: "%.3g" of s, ms or us, else ns). */
    public static String time(long ns) {
        if (ns >= 1_000_000_000L) return g3(ns / 1e9) + "s";
        if (ns >= 1_000_000L) return g3(ns / 1e6) + "ms";
        if (ns >= 1_000L) return g3(ns / 1e3) + "us";
        return ns + "ns";
    }

    /** A percentage as tc prints it ("%g%%"). */
    public static String percent(double p) {
        return g(p, 6) + "%";
    }

    /** A rate in bits/s as tc prints it (print_rate: 1000-based, exact units only above 1000). */
    public static String rate(long bits) {
        String[] units = {"", "K", "M", "G", "T"};
        int i = 0;
        for (; i < units.length - 1; i++) {
            if (bits < 1000) break;
            if (bits % 1000 != 0 && bits < 1000 * 1000) break;
            bits /= 1000;
        }
        return bits + units[i] + "bit";
    }

    /** A size in bytes as tc prints it (sprint_size: "32Kb" when within 16 bytes of whole KiB). */
    public static String size(long b) {
        if (b >= 1024 * 1024 && Math.abs(1024 * 1024 * Math.rint(b / (1024.0 * 1024)) - b) < 1024) {
            return g(Math.rint(b / (1024.0 * 1024)), 6) + "Mb";
        }
        if (b >= 1024 && Math.abs(1024 * Math.rint(b / 1024.0) - b) < 16) return g(Math.rint(b / 1024.0), 6) + "Kb";
        return b + "b";
    }

    private static String g3(double x) {
        return g(x, 3);
    }

    /** C's "%.Ng": N significant digits, trailing zeros dropped. */
    static String g(double x, int digits) {
        if (x == 0) return "0";
        java.math.BigDecimal d = new java.math.BigDecimal(x).round(new java.math.MathContext(digits));
        String s = d.stripTrailingZeros().toPlainString();
        return s;
    }
}

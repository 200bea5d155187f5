package dev.nsh.packet.ping;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The counters iputils ping keeps, and the summary it prints from them, with its integer
 * arithmetic in microseconds (so min/avg/max/mdev match ping's digits).
 */
final class PingStatistics {
    long transmitted, received, duplicates, errors;
    long tsum, tsum2, tmin = Long.MAX_VALUE, tmax;
    int pipe = -1;

    void timed(long rttMicros) {
        tsum += rttMicros;
        tsum2 += rttMicros * rttMicros;
        tmin = Math.min(tmin, rttMicros);
        tmax = Math.max(tmax, rttMicros);
    }

    /** iputils' acknowledge(): the pipe is the most requests in flight when an answer came. */
    void acknowledged(int seq) {
        int diff = (int) ((transmitted - seq) & 0xffff);
        if (diff <= 0x7fff) pipe = Math.max(pipe, diff + 1);
    }

    double loss() {
        if (transmitted == 0) return 0;
        return (float) ((transmitted - received) * 100.0 / transmitted);
    }

    long avg() {
        long total = received + duplicates;
        return total == 0 ? 0 : tsum / total;
    }

    long mdev() {
        long total = received + duplicates;
        if (total == 0) return 0;
        long var = tsum < Integer.MAX_VALUE ? (tsum2 - tsum * tsum / total) / total : tsum2 / total - avg() * avg();
        return (long) Math.floor(Math.sqrt(Math.max(0, var)));
    }

    /** The lines after the blank line: "--- T ping statistics ---", the counts, rtt and pipe. */
    String summary(String target, long elapsedMillis, boolean timing) {
        StringBuilder s = new StringBuilder();
        s.append("--- ").append(target).append(" ping statistics ---\n");
        s.append(transmitted).append(" packets transmitted, ").append(received).append(" received");
        if (duplicates > 0) s.append(", +").append(duplicates).append(" duplicates");
        if (errors > 0) s.append(", +").append(errors).append(" errors");
        if (transmitted > 0) {
            s.append(", ").append(percentG(loss())).append("% packet loss, time ").append(elapsedMillis).append("ms");
        }
        s.append('\n');
        boolean comma = false;
        if (received > 0 && timing) {
            s.append("rtt min/avg/max/mdev = ").append(ms(tmin)).append('/').append(ms(avg())).append('/')
                    .append(ms(tmax)).append('/').append(ms(mdev())).append(" ms");
            comma = true;
        }
        if (pipe > 1) s.append(comma ? ", " : "").append("pipe ").append(pipe);
        s.append('\n');
        return s.toString();
    }

    /** Microseconds as ping's "%ld.%03ld". */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%d.%03d", micros / 1000, micros % 1000);
    }

    /** C's "%g": six significant digits, trailing zeros dropped. */
    static String percentG(double v) {
        if (v == 0) return "0";
        BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        return d.toPlainString();
    }

    /** A reply's "time=" as iputils prints it: fewer decimals as the time grows. */
    static String replyTime(long t) {
        if (t >= 100000 - 50) return Long.toString((t + 500) / 1000);
        if (t >= 10000 - 5) return (t + 50) / 1000 + "." + ((t + 50) % 1000) / 100;
        if (t >= 1000) return String.format(Locale.ROOT, "%d.%02d", (t + 5) / 1000, ((t + 5) % 1000) / 10);
        return ms(t);
    }
}

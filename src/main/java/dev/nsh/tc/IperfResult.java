package dev.nsh.tc;

import java.util.Locale;

/**
 * The outcome of {@code a.iperf(b)}: bytes the sender wrote in its seconds and bytes the receiver
 * read until the last arrived, with their bits per second, printed as iperf3's summary prints them.
 * For UDP also the datagrams: how many were sent, how many the receiver counts against
 * ({@code datagrams}: all that were sent; an iperf3 server counts up to the highest sequence number
 * it saw), how many of those it lost and saw out of order, and the jitter (RFC 3550's, as iperf3
 * computes it); for TCP those are 0.
 */
public record IperfResult(String from, String to, int streams, double senderSeconds, long sentBytes, double receiverSeconds,
                          long receivedBytes, boolean udp, long sentDatagrams, long datagrams, long lostDatagrams,
                          long outOfOrderDatagrams, double jitterSeconds) {
    /** A TCP result. */
    public IperfResult(String from, String to, int streams, double senderSeconds, long sentBytes, double receiverSeconds, long receivedBytes) {
        this(from, to, streams, senderSeconds, sentBytes, receiverSeconds, receivedBytes, false, 0, 0, 0, 0, 0);
    }

    public double senderBitsPerSecond() {
        return sentBytes * 8 / senderSeconds;
    }

    public double receiverBitsPerSecond() {
        return receivedBytes * 8 / receiverSeconds;
    }

    /** Lost datagrams in percent of {@link #datagrams()} (0 for TCP or when none were counted). */
    public double lossPercent() {
        return datagrams == 0 ? 0 : 100.0 * lostDatagrams / datagrams;
    }

    public double jitterMillis() {
        return jitterSeconds * 1e3;
    }

    @Override
    public String toString() {
        String head = "Connecting to host " + to + " from " + from + ", " + streams + (streams == 1 ? " stream" : " streams");
        if (!udp) {
            return head + " (TCP)\n[ ID] Interval           Transfer     Bitrate\n"
                    + line(senderSeconds, sentBytes, "sender") + "\n" + line(receiverSeconds, receivedBytes, "receiver");
        }
        String s = head + " (UDP)\n[ ID] Interval           Transfer     Bitrate         Jitter    Lost/Total Datagrams\n"
                + udpLine(senderSeconds, sentBytes, 0, 0, sentDatagrams, "sender") + "\n"
                + udpLine(receiverSeconds, receivedBytes, jitterSeconds, lostDatagrams, datagrams, "receiver");
        if (outOfOrderDatagrams > 0) {
            s += String.format(Locale.ROOT, "\n[SUM] %4.1f-%4.1f sec  %d datagrams received out-of-order", 0.0, receiverSeconds, outOfOrderDatagrams);
        }
        return s;
    }

    private static String line(double seconds, long bytes, String who) {
        return String.format(Locale.ROOT, "[SUM]   0.00-%-6.2f sec  %s  %s                  %s", seconds, bytes(bytes), bits(bytes * 8 / seconds), who);
    }

    /** iperf3's report_sum_bw_udp_format: "%5.3f ms  %d/%d (%.2g%%)". */
    private static String udpLine(double seconds, long bytes, double jitter, long lost, long total, String who) {
        return String.format(Locale.ROOT, "[SUM]   0.00-%-6.2f sec  %s  %s  %5.3f ms  %d/%d (%s%%)  %s", seconds, bytes(bytes),
                bits(bytes * 8 / seconds), jitter * 1e3, lost, total, g2(total == 0 ? 0 : 100.0 * lost / total), who);
    }

    /** C's "%.2g": two significant digits, trailing zeros dropped, an exponent from 100 on ("1e+02"). */
    static String g2(double x) {
        if (x == 0) return "0";
        java.math.BigDecimal d = new java.math.BigDecimal(x).round(new java.math.MathContext(2)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 2) {
            String m = d.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return m + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return d.toPlainString();
    }

    /** iperf3's unit_snprintf for bytes: 1024-based, "KBytes" "MBytes" "GBytes". */
    static String bytes(double b) {
        return unit(b, 1024, "Bytes", "KBytes", "MBytes", "GBytes");
    }

    /** iperf3's for bits/s: 1000-based. */
    public static String bits(double b) {
        return unit(b, 1000, "bits/sec", "Kbits/sec", "Mbits/sec", "Gbits/sec");
    }

    private static String unit(double v, double base, String... units) {
        int i = 0;
        while (v >= base && i < units.length - 1) {
            v /= base;
            i++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%4.2f %s" : v < 100 ? "%4.1f %s" : "%4.0f %s", v, units[i]);
    }
}

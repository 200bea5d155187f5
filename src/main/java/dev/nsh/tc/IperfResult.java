package dev.nsh.tc;

import java.util.Locale;

/**
 * The outcome of {@code a.iperf(b)}: bytes the sender wrote in its seconds and bytes the receiver
 * read until the last arrived, with their bits per second, printed as iperf3's summary prints them.
 */
public record IperfResult(String from, String to, int streams, double senderSeconds, long sentBytes, double receiverSeconds,
                          long receivedBytes) {
    public double senderBitsPerSecond() {
        return sentBytes * 8 / senderSeconds;
    }

    public double receiverBitsPerSecond() {
        return receivedBytes * 8 / receiverSeconds;
    }

    @Override
    public String toString() {
        return "Connecting to host " + to + " from " + from + ", " + streams + (streams == 1 ? " stream" : " streams") + " (TCP)\n"
                + "[ ID] Interval           Transfer     Bitrate\n"
                + line(senderSeconds, sentBytes, "sender") + "\n" + line(receiverSeconds, receivedBytes, "receiver");
    }

    private static String line(double seconds, long bytes, String who) {
        return String.format(Locale.ROOT, "[SUM]   0.00-%-6.2f sec  %s  %s                  %s", seconds, bytes(bytes), bits(bytes * 8 / seconds), who);
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

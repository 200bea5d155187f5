package dev.nsh.packet.capture;

import dev.nsh.packet.filter.*;
import dev.nsh.error.InvalidInputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to capture and for how long: a {@link Filter} expression, a packet count (-c), a timeout,
 * a pcap file to write (-w) and the snap length (-s). Fluent, or parsed from the shell's words:
 * {@code CaptureOptions.parse("icmp and host 10.0.0.20 count:5 timeout:3 pcap:/tmp/x.pcap")}.
 */
public final class CaptureOptions {
    private String filter = "";
    private int count;
    private Duration timeout;
    private Path pcap;
    private int snaplen = Filter.DEFAULT_SNAPLEN;
    private int keep = DEFAULT_KEEP;

    /** Packets kept in memory by default: a capture left running keeps the newest this many... */
    public static final int DEFAULT_KEEP = 100_000;
    /** ...and at most this many of their bytes (big GSO frames of a TCP transfer are 64 KiB each). */
    public static final long KEEP_BYTES = 64L << 20;

    public static CaptureOptions filter(String filter) {
        return new CaptureOptions().withFilter(filter);
    }

    /** Words {@code count:N}, {@code timeout:SECONDS}, {@code pcap:PATH}, {@code snaplen:N}; the rest is the filter. */
    public static CaptureOptions parse(String text) {
        CaptureOptions o = new CaptureOptions();
        List<String> filter = new ArrayList<>();
        for (String word : text == null ? new String[0] : text.trim().split("\\s+")) {
            if (word.startsWith("count:")) o.count(number(word, "count:"));
            else if (word.startsWith("timeout:")) o.timeout(seconds(word));
            else if (word.startsWith("pcap:")) {
                if (word.length() == 5) throw new InvalidInputException("capture option \"pcap:\" needs a file name, such as pcap:/tmp/x.pcap");
                o.pcap(Path.of(word.substring(5)));
            } else if (word.startsWith("snaplen:")) o.snaplen(number(word, "snaplen:"));
            else if (!word.isEmpty()) filter.add(word);
        }
        return o.withFilter(String.join(" ", filter));
    }

    public CaptureOptions withFilter(String filter) {
        this.filter = filter == null ? "" : filter;
        return this;
    }

    /** Stop after this many packets; 0 means no limit. */
    public CaptureOptions count(int count) {
        if (count < 0) throw new InvalidInputException("capture count " + count + " is negative; it must be 0 (no limit) or more");
        this.count = count;
        return this;
    }

    /** Stop after this long (for {@link Capture#run}); null means no limit. */
    public CaptureOptions timeout(Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new InvalidInputException("capture timeout " + timeout + " must be positive");
        }
        this.timeout = timeout;
        return this;
    }

    public CaptureOptions timeout(double seconds) {
        return timeout(Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** Also write every packet to this classic pcap file. */
    public CaptureOptions pcap(Path pcap) {
        this.pcap = pcap;
        return this;
    }

    /** Bytes kept of each packet (the filter's return value). Default 262144, as tcpdump. */
    public CaptureOptions snaplen(int snaplen) {
        if (snaplen < 14 || snaplen > Filter.DEFAULT_SNAPLEN) {
            throw new InvalidInputException("capture snaplen " + snaplen + " is out of range; it must be 14 to " + Filter.DEFAULT_SNAPLEN);
        }
        this.snaplen = snaplen;
        return this;
    }

    /**
     * How many packets are kept in memory for {@code packets()}: the newest {@code keep}, and no
     * more than {@value #KEEP_BYTES} bytes of them; older ones are let go (counted in
     * {@link Capture#forgotten()}; a pcap file still gets every one). Default {@value #DEFAULT_KEEP},
     * so a capture left running does not fill the heap.
     */
    public CaptureOptions keep(int keep) {
        if (keep < 0) throw new InvalidInputException("capture keep " + keep + " is negative; it must be 0 (keep none) or more");
        this.keep = keep;
        return this;
    }

    public String filter() { return filter; }
    public int keep() { return keep; }
    public int count() { return count; }
    public Duration timeout() { return timeout; }
    public Path pcap() { return pcap; }
    public int snaplen() { return snaplen; }

    private static int number(String word, String prefix) {
        String v = word.substring(prefix.length());
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(Character::isDigit)) {
            throw new InvalidInputException("capture option \"" + word + "\": \"" + v + "\" is not a whole number");
        }
        return Integer.parseInt(v);
    }

    private static double seconds(String word) {
        String v = word.substring("timeout:".length());
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("capture option \"" + word + "\": \"" + v + "\" is not a number of seconds");
        }
    }
}

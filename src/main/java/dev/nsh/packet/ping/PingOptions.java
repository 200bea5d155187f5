package dev.nsh.packet.ping;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Names;

import java.time.Duration;

/**
 * What iputils ping takes on its command line, as a small fluent object:
 * {@code PingOptions.to("10.0.0.20").count(5).interval(Duration.ofMillis(200))}.
 * Every setter checks its value and names the rule it broke.
 */
public final class PingOptions {
    /** iputils refuses shorter intervals (outside flood mode) too. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(2);

    private final String target;
    private int count = 4;
    private Duration interval = Duration.ofSeconds(1);
    private Duration timeout = Duration.ofSeconds(10);
    private Duration deadline;
    private int size = 56;
    private int ttl = -1;
    private String source;
    private String device;
    private boolean broadcast;

    private PingOptions(String target) {
        if (target == null || target.isBlank()) throw new InvalidInputException("ping target is empty; give an address such as 10.0.0.20");
        this.target = target.strip();
    }

    /** Pings {@code target}, an IPv4 or IPv6 address ("fe80::1%veth0" names the link of a link-local one). */
    public static PingOptions to(String target) {
        return new PingOptions(target);
    }

    /**
     * Echo requests to send (-c), 1 or more as iputils takes (it refuses 0 too); a long ping ends
     * at its deadline or at an interrupt. Default 4.
     */
    public PingOptions count(int count) {
        if (count < 1) throw new InvalidInputException("ping count " + count + " is out of range; it must be 1 or more");
        this.count = count;
        return this;
    }

    /** Time between requests (-i). Default 1 s; at least 2 ms. */
    public PingOptions interval(Duration interval) {
        if (interval == null || interval.compareTo(MIN_INTERVAL) < 0) {
            throw new InvalidInputException("ping interval " + interval + " is too short; it must be at least " + MIN_INTERVAL.toMillis() + " ms");
        }
        this.interval = interval;
        return this;
    }

    /** Seconds, for Groovy and the shell: {@code interval(0.2)}. */
    public PingOptions interval(double seconds) {
        return interval(Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** How long to wait for replies after the last request when none came (-W). Default 10 s. */
    public PingOptions timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("ping timeout " + timeout + " must be positive");
        }
        this.timeout = timeout;
        return this;
    }

    public PingOptions timeout(double seconds) {
        return timeout(Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** Stop after this long, whatever the count (-w). Default none. */
    public PingOptions deadline(Duration deadline) {
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new InvalidInputException("ping deadline " + deadline + " must be positive");
        }
        this.deadline = deadline;
        return this;
    }

    public PingOptions deadline(double seconds) {
        return deadline(Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** Data bytes after the 8-byte ICMP header (-s). Default 56. */
    public PingOptions size(int size) {
        if (size < 0 || size > 65507) throw new InvalidInputException("ping size " + size + " is out of range; it must be 0 to 65507 data bytes");
        this.size = size;
        return this;
    }

    /** IP time to live, or IPv6 hop limit (-t). Default: the namespace's. */
    public PingOptions ttl(int ttl) {
        if (ttl < 1 || ttl > 255) throw new InvalidInputException("ping ttl " + ttl + " is out of range; it must be 1 to 255");
        this.ttl = ttl;
        return this;
    }

    /** Source address (-I ADDR); it must belong to the namespace. */
    public PingOptions source(String source) {
        this.source = source;
        return this;
    }

    /** Send through this interface only (-I DEV, SO_BINDTODEVICE). */
    public PingOptions device(String device) {
        if (device != null) Names.iface(device);
        this.device = device;
        return this;
    }

    /** Allow a broadcast target (-b, SO_BROADCAST); every host that answers counts, the second on as a duplicate. */
    public PingOptions broadcast(boolean broadcast) {
        this.broadcast = broadcast;
        return this;
    }

    public String target() { return target; }
    public int count() { return count; }
    public Duration interval() { return interval; }
    public Duration timeout() { return timeout; }
    public Duration deadline() { return deadline; }
    public int size() { return size; }
    public int ttl() { return ttl; }
    public String source() { return source; }
    public String device() { return device; }
    public boolean broadcast() { return broadcast; }
}

package dev.nsh.packet.ping;

import dev.nsh.packet.*;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.sys.Errno;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ping without a ping binary: ICMP echo over a raw socket of the namespace, printed line for
 * line as iputils ping prints it.
 * <pre>
 *   PingResult r = Ping.run(ns, PingOptions.to("10.0.0.20").count(5), System.out);
 * </pre>
 * It runs on the caller's thread (the socket is only created on the namespace's thread) and
 * waits in short poll slices, so interrupting the caller ends it within about 50 ms; the summary
 * is printed and returned all the same, and the interrupt flag stays set.
 */
public final class Ping {
    private static final AtomicInteger NEXT_ID = new AtomicInteger((int) ProcessHandle.current().pid());

    private final Netns ns;
    private final PingOptions opts;
    private final PrintStream out;
    private final InetAddress target;
    private final int scopeId;
    private final String device;
    private final String zone;
    private final boolean v6;
    private final int id = NEXT_ID.getAndIncrement() & 0xffff;
    private final long[] sentMicros = new long[65536];
    private final boolean[] answered = new boolean[65536];
    private final PingStatistics stats = new PingStatistics();
    private final List<PingReply> replies = new ArrayList<>();
    private final List<PingError> errors = new ArrayList<>();

    private Ping(Netns ns, PingOptions opts, PrintStream out) {
        this.ns = ns;
        this.opts = opts;
        this.out = out;
        String text = opts.target();
        int pct = text.indexOf('%');
        this.zone = pct < 0 ? null : text.substring(pct + 1);
        String address = pct < 0 ? text : text.substring(0, pct);
        try {
            this.target = Cidr.parseAddress(address, text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("ping target \"" + text + "\" is not an IPv4 or IPv6 address (nsh does no name look-ups)");
        }
        this.v6 = target instanceof Inet6Address;
        if (zone != null && !v6) throw new InvalidInputException("ping target \"" + text + "\": only IPv6 addresses take a %zone");
        this.device = opts.device() != null ? opts.device() : zone;
        this.scopeId = zone != null ? LinkOps.index(ns, zone) : 0;
    }

    /** Pings as {@code opts} says, printing to {@code out} (null: print nothing), and returns the figures. */
    public static PingResult run(Netns ns, PingOptions opts, PrintStream out) {
        return new Ping(ns, opts, out).run();
    }

    private PingResult run() {
        InetAddress source = opts.source() == null ? null : Cidr.parseAddress(opts.source(), opts.source());
        if (source != null && (source instanceof Inet6Address) != v6) {
            throw new InvalidInputException("ping source " + opts.source() + " and target " + opts.target() + " are of different families");
        }
        try (IcmpSocket socket = IcmpSocket.open(ns, v6)) {
            if (device != null) socket.bindToDevice(device);
            if (source != null) socket.bindSource(source);
            if (opts.ttl() > 0) socket.setTtl(opts.ttl());
            if (opts.broadcast()) socket.allowBroadcast();
            // As iputils: a UDP probe finds the source, and fails at once (before the header) if no route leads there.
            InetAddress from = source != null ? source : SourceProbe.find(ns, opts.target(), target, scopeId, device, opts.broadcast());
            if (opts.broadcast()) print("WARNING: pinging broadcast address");
            print(header(source != null || opts.device() != null ? from : null));
            return loop(socket);
        }
    }

    /** The first line; {@code from} is shown only when given (ping -I), not for a %zone alone. */
    private String header(InetAddress from) {
        String t = Addresses.text(target) + (zone == null ? "" : "%" + zone);
        StringBuilder s = new StringBuilder("PING ").append(opts.target()).append(" (").append(t).append(") ");
        if (from != null) {
            s.append("from ").append(Addresses.text(from)).append(' ')
                    .append(opts.device() == null ? "" : opts.device()).append(": ");
        }
        if (v6) s.append(opts.size()).append(" data bytes");
        else s.append(opts.size()).append('(').append(opts.size() + 28).append(") bytes of data.");
        return s.toString();
    }

    private PingResult loop(IcmpSocket socket) {
        long start = System.nanoTime(), nextSend = start, lastSend = start;
        long intervalNanos = opts.interval().toNanos();
        long deadlineAt = opts.deadline() == null ? Long.MAX_VALUE : start + opts.deadline().toNanos();
        long exitAt = Long.MAX_VALUE;
        int count = opts.count();
        boolean interrupted = false;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted = true;
                break;
            }
            if (stats.received + stats.errors >= count) break;
            if (opts.deadline() != null && stats.errors > 0) break;
            long now = System.nanoTime();
            if (now >= deadlineAt || now >= exitAt) break;
            boolean sending = stats.transmitted < count || opts.deadline() != null;
            if (sending && now >= nextSend) {
                send(socket);
                lastSend = now;
                nextSend += intervalNanos;
                // Like iputils: once the count is sent, wait 2 x the slowest reply (at least an interval), or -W if none came.
                if (stats.transmitted >= count && opts.deadline() == null) {
                    long wait = stats.received > 0 ? Math.max(2 * stats.tmax * 1000, intervalNanos) : opts.timeout().toNanos();
                    exitAt = now + wait;
                }
                continue;
            }
            long wakeAt = Math.min(Math.min(deadlineAt, exitAt), sending ? nextSend : Long.MAX_VALUE);
            if (socket.waitReadable((wakeAt - now + 999_999) / 1_000_000)) drain(socket);
        }
        drain(socket);
        long elapsed = (lastSend - start + 500_000) / 1_000_000;
        boolean timing = opts.size() >= EchoMessages.TIMEVAL_BYTES;
        String summary = stats.summary(opts.target(), elapsed, timing);
        if (out != null) {
            out.print("\n" + summary);
            out.flush();
        }
        long n = stats.received + stats.duplicates;
        boolean timed = timing && n > 0;
        return new PingResult(opts.target(), stats.transmitted, stats.received, stats.duplicates, stats.errors,
                stats.loss(), timed ? stats.tmin / 1000.0 : 0, timed ? stats.avg() / 1000.0 : 0,
                timed ? stats.tmax / 1000.0 : 0, timed ? stats.mdev() / 1000.0 : 0, elapsed, stats.pipe,
                replies, errors, interrupted, summary);
    }

    private void send(IcmpSocket socket) {
        int seq = (int) ((stats.transmitted + 1) & 0xffff);
        byte[] request = EchoMessages.request(v6, id, seq, opts.size(), 0);
        byte[] sa = SockAddr.inet(target, scopeId);
        answered[seq] = false;
        // The time is taken last, just before the send, as iputils takes it: building the request
        // is not part of the round trip (it was, some 10-20 us of a veth's 40 us).
        long now = epochMicros(Instant.now());
        EchoMessages.stamp(v6, request, now);
        sentMicros[seq] = now;
        int errno = socket.send(request, sa);
        if (errno != 0 && stats.transmitted == 0) throw IcmpSocket.failure(opts.target(), ns, "send", errno);
        stats.transmitted++;
        if (errno != 0) {
            stats.errors++;
            print("ping: sendmsg: " + Errno.describe(errno));
        }
    }

    private void drain(IcmpSocket socket) {
        for (MessageReader m; (m = socket.receive()) != null; ) {
            long received = m.kernelTimeNanos() > 0 ? m.kernelTimeNanos() / 1000 : epochMicros(Instant.now());
            InetAddress from = SockAddr.decode(m.name(), m.name().length);
            EchoMessages.Event e = EchoMessages.read(v6, m.data(), from, m.hopLimit(), id);
            if (e instanceof EchoMessages.Reply r) reply(r, received);
            else if (e instanceof EchoMessages.Error err) error(err);
        }
    }

    private void reply(EchoMessages.Reply r, long receivedMicros) {
        if (sentMicros[r.seq()] == 0) return; // not a request of this run
        // A raw socket sees every ICMP packet of the namespace: as iputils, a reply counts only from
        // the address pinged (any host may answer a broadcast or multicast ping).
        if (!opts.broadcast() && !target.isMulticastAddress() && !java.util.Arrays.equals(target.getAddress(), r.from().getAddress())) return;
        boolean timing = opts.size() >= EchoMessages.TIMEVAL_BYTES;
        long rtt = timing ? Math.max(0, receivedMicros - sentMicros[r.seq()]) : -1;
        boolean dup = answered[r.seq()];
        stats.acknowledged(r.seq());
        if (dup) stats.duplicates++;
        else stats.received++;
        answered[r.seq()] = true;
        if (timing) stats.timed(rtt);
        String from = text(r.from());
        replies.add(new PingReply(r.seq(), r.ttl(), rtt, r.bytes(), from, dup));
        StringBuilder s = new StringBuilder().append(r.bytes()).append(" bytes from ").append(from)
                .append(": icmp_seq=").append(r.seq());
        if (r.ttl() >= 0) s.append(" ttl=").append(r.ttl());
        if (timing) s.append(" time=").append(PingStatistics.replyTime(rtt)).append(" ms");
        if (dup && !opts.broadcast()) s.append(" (DUP!)"); // iputils marks no duplicates of broadcast pings
        print(s.toString());
    }

    private void error(EchoMessages.Error e) {
        if (sentMicros[e.seq()] == 0) return;
        stats.errors++;
        stats.acknowledged(e.seq());
        String from = text(e.from());
        errors.add(new PingError(e.seq(), from, e.message()));
        print("From " + from + " icmp_seq=" + e.seq() + " " + e.message());
    }

    /** A link-local IPv6 address names its link, as ping prints it: "fe80::1%veth0". */
    private String text(InetAddress a) {
        String s = Addresses.text(a);
        return a.isLinkLocalAddress() && device != null ? s + "%" + device : s;
    }

    private void print(String line) {
        if (out == null) return;
        out.println(line);
        out.flush();
    }

    private static long epochMicros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }
}

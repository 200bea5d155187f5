package dev.nsh.packet.ping;

import dev.nsh.packet.*;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ICMP echo request to each of many targets (all IPv4 or all IPv6) from one namespace, over one raw socket:
 * all are sent at once, and the replies are collected until every target has answered or the
 * timeout has passed. What a lab's pingAll needs (one packet a pair, quiet), at the cost of one
 * socket per source rather than one per pair. Runs on the caller's thread (the socket is made on
 * the namespace's thread); an interrupt ends the wait.
 * <pre>
 *   boolean[] answered = PingSweep.run(ns, List.of(a, b, c), Duration.ofSeconds(1));
 * </pre>
 */
public final class PingSweep {
    private PingSweep() {}

    private static final AtomicInteger NEXT_ID = new AtomicInteger((int) (ProcessHandle.current().pid() * 7919 + 0x8000));

    /** Which of {@code targets} answered within {@code timeout} (index for index). */
    public static boolean[] run(Netns ns, List<InetAddress> targets, Duration timeout) {
        if (targets.size() > 65535) throw new InvalidInputException("ping sweep of " + targets.size() + " targets; the limit is 65535");
        boolean[] answered = new boolean[targets.size()];
        if (targets.isEmpty()) return answered;
        boolean v6 = !(targets.get(0) instanceof Inet4Address);
        for (InetAddress t : targets) {
            if ((t instanceof Inet4Address) == v6) {
                throw new InvalidInputException("ping sweep target " + t.getHostAddress() + " is not of the first target's family; one sweep is IPv4 or IPv6");
            }
        }
        int id = NEXT_ID.getAndIncrement() & 0xffff;
        try (IcmpSocket socket = IcmpSocket.open(ns, v6)) {
            socket.receiveBuffer(Math.max(256 * 1024, targets.size() * 4096));
            int outstanding = 0;
            for (int i = 0; i < targets.size(); i++) {
                Instant now = Instant.now();
                byte[] request = EchoMessages.request(v6, id, i + 1, 56, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
                if (socket.send(request, targets.get(i), 0) == 0) outstanding++;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (outstanding > 0) {
                if (Thread.currentThread().isInterrupted()) throw new NshException("ping sweep " + ns.where() + ": interrupted");
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                if (!socket.waitReadable(Math.min(50, (left + 999_999) / 1_000_000))) continue;
                for (MessageReader m; (m = socket.receive()) != null; ) {
                    InetAddress from = SockAddr.decode(m.name(), m.name().length);
                    if (EchoMessages.read(v6, m.data(), from, m.hopLimit(), id) instanceof EchoMessages.Reply r) {
                        int k = r.seq() - 1;
                        if (k >= 0 && k < answered.length && !answered[k] && targets.get(k).equals(r.from())) {
                            answered[k] = true;
                            outstanding--;
                        }
                    }
                }
            }
        }
        return answered;
    }
}

package dev.nsh.packet.ping;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.packet.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One ICMP echo request to each of many targets (all IPv4 or all IPv6) from one namespace, over one raw socket:
 * up to {@link #WINDOW} at once, each further one as an earlier one is answered or times out; a
 * target answers in time if its reply comes within {@code timeout} of its request. What a lab's pingAll needs (one packet a pair, quiet), at the cost of one
 * socket per source rather than one per pair. Runs on the caller's thread (the socket is made on
 * the namespace's thread); an interrupt ends the wait.
 * <pre>
 *   boolean[] answered = PingSweep.run(ns, List.of(a, b, c), Duration.ofSeconds(1));
 * </pre>
 */
public final class PingSweep {
    private PingSweep() {}

    /** Requests unanswered at once, at most; see {@link #run}. */
    static final int WINDOW = 256;

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
            socket.receiveBuffer(Math.max(256 * 1024, Math.min(targets.size(), WINDOW) * 4096)); // a window's replies, and others' requests
            // At most WINDOW requests unanswered at once: sent all together, the replies of a
            // thousand targets arrive in one burst and overflow the receiving CPU's backlog
            // (net.core.netdev_max_backlog, 1000), and some are dropped before any socket sees them.
            long timeoutNanos = timeout.toNanos();
            long[] deadline = new long[targets.size()];
            ArrayDeque<Integer> waiting = new ArrayDeque<>();
            int next = 0, inFlight = 0;
            while (true) {
                if (Thread.currentThread().isInterrupted()) throw new NshException("ping sweep " + ns.where() + ": interrupted");
                long now = System.nanoTime();
                while (!waiting.isEmpty() && (answered[waiting.peekFirst()] || deadline[waiting.peekFirst()] <= now)) {
                    if (!answered[waiting.pollFirst()]) inFlight--; // timed out
                }
                while (inFlight < WINDOW && next < targets.size()) {
                    Instant t = Instant.now();
                    byte[] request = EchoMessages.request(v6, id, next + 1, 56, t.getEpochSecond() * 1_000_000 + t.getNano() / 1000);
                    if (socket.send(request, targets.get(next), 0) == 0) {
                        deadline[next] = System.nanoTime() + timeoutNanos;
                        waiting.addLast(next);
                        inFlight++;
                    }
                    next++;
                }
                if (inFlight == 0 && next >= targets.size()) break;
                long wait = waiting.isEmpty() ? 0 : deadline[waiting.peekFirst()] - System.nanoTime();
                if (wait > 0 && !socket.waitReadable(Math.min(50, (wait + 999_999) / 1_000_000))) continue;
                for (MessageReader m; (m = socket.receive()) != null; ) {
                    InetAddress from = SockAddr.decode(m.name(), m.name().length);
                    if (EchoMessages.read(v6, m.data(), from, m.hopLimit(), id) instanceof EchoMessages.Reply r) {
                        int k = r.seq() - 1;
                        if (k >= 0 && k < next && !answered[k] && deadline[k] > System.nanoTime() && targets.get(k).equals(r.from())) {
                            answered[k] = true;
                            inFlight--;
                        }
                    }
                }
            }
        }
        return answered;
    }
}

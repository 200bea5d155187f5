package dev.nsh.tc;

import dev.nsh.model.LinkConditions;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.Sysctl;
import dev.nsh.ops.TcOps;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nsh's own link conditions, for a kernel without sch_netem: the link's egress is taken by a
 * u32 match-all filter on clsact with a mirred redirect to a tap device ("nsh-q" and the link's
 * ifindex) in the same namespace; one platform thread reads the tap, applies the conditions
 * ({@link Impairment}) and sends each frame on at its time through a packet socket with
 * PACKET_QDISC_BYPASS, which skips the egress hook. The hosts keep their interfaces and
 * addresses; the tap, with IPv6 off and no address, carries nothing of its own.
 * <p>
 * Why this route: of what such a kernel has, it is the only one that takes a frame out of the
 * link's path for a while without loss (tbf and htb only shape; bpf could drop but not hold; no
 * gact or police), and a tap queues for the reader. The thread stops when the conditions are
 * cleared, when the namespace handle closes or the namespace goes, and when the link goes (looked
 * up once a second).
 */
final class OwnEngine {
    /** The filter's priority on clsact egress: first, before any of the user's. */
    static final int PREF = 1;
    private static final long CHECK_NANOS = 1_000_000_000L;
    /** A tap's largest MTU: 65535 less its Ethernet header (lo's 65536 is more). */
    private static final int TAP_MTU_MAX = 65535 - 14;

    final Netns ns;
    final String dev;
    final int ifindex;
    volatile LinkConditions conditions;
    private volatile LinkConditions next; // set under this: conditions the thread takes up at its next turn
    final String tap;
    private final boolean ownClsact;
    private final TapPort port;
    private final Impairment impairment;
    private final Thread thread;
    private volatile boolean stopping;
    private final Runnable onEnd;

    private OwnEngine(Netns ns, String dev, int ifindex, LinkConditions c, TapPort port, boolean ownClsact, Runnable onEnd) {
        this.ns = ns;
        this.dev = dev;
        this.ifindex = ifindex;
        this.conditions = c;
        this.tap = port.tap;
        this.port = port;
        this.ownClsact = ownClsact;
        this.onEnd = onEnd;
        this.impairment = new Impairment(c, c.seed());
        this.thread = Workers.start("nsh-netem-" + dev, this::run);
    }

    /** Sets it all up; on any failure undoes what was made and throws. {@code c} carries its seed. */
    static OwnEngine start(Netns ns, String dev, int ifindex, LinkConditions c, Runnable onEnd) {
        Workers.requireRootThread("netem on " + dev);
        String tap = "nsh-q" + ifindex;
        int mtu = LinkOps.getUnnamed(ns, dev).mtu(); // the MTU only: no need to name the peer's namespace
        TapPort port = TapPort.open(ns, tap, ifindex, dev);
        boolean ownClsact = false;
        boolean filtered = false;
        try {
            if (Files.isDirectory(Path.of("/proc/sys/net/ipv6"))) {
                Sysctl.set(ns, "net.ipv6.conf." + tap + ".disable_ipv6", "1"); // so it sends no router solicitation of its own
            }
            LinkOps.setMtu(ns, tap, Math.min(TAP_MTU_MAX, Math.max(68, mtu)));
            LinkOps.setUp(ns, tap, true);
            int tapIndex = LinkOps.index(ns, tap);
            ownClsact = TcOps.addClsact(ns, ifindex, dev);
            TcOps.send(ns, TcOps.redirectRequest(ifindex, PREF, tapIndex), "add egress redirect of " + dev + " to " + tap);
            filtered = true;
            return new OwnEngine(ns, dev, ifindex, c, port, ownClsact, onEnd);
        } catch (RuntimeException e) {
            try {
                if (filtered) TcOps.deleteEgressFilter(ns, ifindex, PREF, dev);
                if (ownClsact) TcOps.deleteClsact(ns, ifindex, dev);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            port.close();
            throw e;
        }
    }

    private void run() {
        long nextCheck = System.nanoTime() + CHECK_NANOS;
        try {
            while (!stopping) {
                takeUpNewConditions();
                long now = System.nanoTime();
                for (byte[] f : impairment.due(now)) {
                    if (port.send(f)) {
                        impairment.counters.sent++;
                        impairment.counters.sentBytes += f.length;
                    } else {
                        impairment.counters.sendErrors++;
                    }
                }
                long wait = Math.min(impairment.next() - System.nanoTime(), 50_000_000L);
                if (wait > 0 && port.waitReadable(wait) || wait <= 0) {
                    for (byte[] f; (f = port.read()) != null; ) impairment.arrive(f, System.nanoTime());
                }
                if (!ns.isOpen()) break;
                if (System.nanoTime() > nextCheck) {
                    nextCheck = System.nanoTime() + CHECK_NANOS;
                    if (!ns.isCurrent() || LinkOps.nameOf(ns, ifindex) == null) break;
                }
            }
        } catch (Throwable t) {
            if (!stopping && ns.isOpen()) {
                System.err.println("nsh: netem on " + dev + " " + ns.where() + " stopped: " + t.getMessage());
            }
        } finally {
            port.close();
            if (!stopping) onEnd.run(); // ended by itself: the link or namespace went
        }
    }

    /**
     * Swaps the conditions without taking the link's egress off the tap, so the link is never
     * without conditions in between; returns once the thread applies them (within 50 ms).
     */
    synchronized void retune(LinkConditions c) {
        next = c;
        boolean interrupted = false;
        while (next != null && thread.isAlive()) {
            try {
                wait(10);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (next != null) throw new dev.nsh.error.NshException("netem on " + dev + " " + ns.where() + " stopped before it took the new conditions");
    }

    private void takeUpNewConditions() {
        if (next != null) swapConditions(); // read without the lock: this runs once a packet
    }

    private synchronized void swapConditions() {
        if (next == null) return;
        impairment.retune(next);
        conditions = next;
        next = null;
        notifyAll();
    }

    /** Takes the filter off (traffic flows directly again), stops the thread, closes the tap: what waited is dropped. */
    void stop() {
        stopping = true;
        RuntimeException first = null;
        if (ns.isOpen()) {
            try {
                if (ownClsact) TcOps.deleteClsact(ns, ifindex, dev);
                else TcOps.deleteEgressFilter(ns, ifindex, PREF, dev);
            } catch (RuntimeException e) {
                first = e;
            }
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (first != null) throw first;
    }

    boolean isRunning() {
        return thread.isAlive() && !stopping;
    }

    Impairment.Counters counters() {
        return impairment.counters;
    }

    int queued() {
        return impairment.queued();
    }
}

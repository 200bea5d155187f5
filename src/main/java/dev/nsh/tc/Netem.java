package dev.nsh.tc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.LinkConditions;
import dev.nsh.model.QdiscInfo;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.netlink.Nl;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Shutdown;
import dev.nsh.ops.KernelErrors;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.TcOps;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Link conditions behind one API, two engines. The kernel's: a root netem qdisc with every
 * condition (RTM_NEWQDISC, as tc sends it), or tbf for a rate alone (every kernel has it). nsh's
 * own ({@link OwnEngine}), where the kernel has no sch_netem (it answers "Specified qdisc kind is
 * unknown") or when asked for by {@code engine: "nsh"}. Setting replaces what the link had;
 * clearing leaves the link as it was before.
 */
public final class Netem {
    private Netem() {}

    public static final List<String> ENGINES = List.of("auto", "kernel", "nsh");
    private static final Map<Key, OwnEngine> OWN = new ConcurrentHashMap<>();

    /** A link by its namespace handle (compared by identity) and ifindex. */
    private record Key(Netns ns, int ifindex) {}

    static {
        Shutdown.register(Shutdown.Phase.PROGRAMS, Netem::stopAll);
    }

    /** Applies {@code c} to the egress of {@code dev} with {@code engine} ("auto", "kernel" or "nsh"). */
    public static NetemState set(Netns ns, String dev, LinkConditions c, String engine) {
        if (!ENGINES.contains(engine)) {
            throw new InvalidInputException("engine \"" + engine + "\" is not one of " + String.join(", ", ENGINES));
        }
        if (c.isNone() && !engine.equals("nsh")) {
            throw new InvalidInputException("netem(): no condition given; clear: true removes them (engine: \"nsh\" alone runs nsh's engine with none, to measure it)");
        }
        int ifindex = LinkOps.index(ns, dev);
        // The new conditions are in place before the old go (a fresh qdisc grafted in place of the
        // old, a running engine retuned), so a set the kernel refuses leaves the link with what it had.
        if (engine.equals("nsh")) return own(ns, dev, ifindex, c);
        if (!c.needsNetem()) {
            int mtu = LinkOps.getUnnamed(ns, dev).mtu();
            long bytes = c.rateBits() / 8;
            long burst = Math.max(bytes / 100, 2L * (mtu + 14));
            // tbf's queue is in bytes: a limit given in packets is that many full frames
            long limit = c.limit() != LinkConditions.DEFAULT_LIMIT ? Math.max(burst, (long) c.limit() * (mtu + 14))
                    : burst + Math.max(bytes / 10, 2L * (mtu + 14));
            TcOps.send(ns, TcOps.tbfRequest(ifindex, c.rateBits(), burst, limit, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE, freshHandle(ns, ifindex, dev)),
                    "set rate " + c.rateBits() + "bit on " + dev);
            stopOwn(ns, ifindex);
            return get(ns, ifindex, dev);
        }
        try {
            TcOps.sendRaw(ns, TcOps.netemRequest(ifindex, c, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE, freshHandle(ns, ifindex, dev)));
            stopOwn(ns, ifindex);
            return get(ns, ifindex, dev);
        } catch (NetlinkException e) {
            if (!TcOps.kindMissing(e)) throw KernelErrors.wrap("set netem on " + dev, ns, e);
            if (engine.equals("kernel")) {
                throw KernelErrors.explained("set netem on " + dev, ns, e,
                        "this kernel has no sch_netem (Specified qdisc kind is unknown); engine: \"nsh\" applies the conditions in nsh");
            }
            return own(ns, dev, ifindex, c);
        }
    }

    /** nsh's engine with {@code c}: the running one retuned, or one started; then the kernel's qdisc, if any, goes. */
    private static NetemState own(Netns ns, String dev, int ifindex, LinkConditions c) {
        LinkConditions seeded = c.seed() != null ? c : c.withSeed(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE);
        Key k = new Key(ns, ifindex);
        OwnEngine running = OWN.get(k);
        if (running != null && running.isRunning()) {
            running.retune(seeded);
        } else {
            stopOwn(ns, ifindex);
            OWN.put(k, OwnEngine.start(ns, dev, ifindex, seeded, () -> OWN.remove(k)));
        }
        deleteKernelRoot(ns, ifindex, dev); // the engine's tap sends past the root qdisc; the old one would only linger
        return get(ns, ifindex, dev);
    }

    /** nsh's two root handles, 4e53: and 4e54: ("NS", "NT"). */
    static final int HANDLE_A = 0x4E530000, HANDLE_B = 0x4E540000;

    /**
     * A handle the root qdisc does not have. A replace with handle 0 and the same kind is a change
     * (qdisc_change), and netem_change keeps what the request leaves out (a correlation, ecn, a
     * slot, a distribution, corruption, a rate): a new handle makes the kernel create the qdisc
     * afresh and graft it in place of the old one, in one step.
     */
    private static int freshHandle(Netns ns, int ifindex, String dev) {
        QdiscInfo root = TcOps.qdiscs(ns, ifindex, dev).stream().filter(QdiscInfo::isRoot).findFirst().orElse(null);
        return root != null && root.handle() == Integer.toUnsignedLong(HANDLE_A) ? HANDLE_B : HANDLE_A;
    }

    private static void stopOwn(Netns ns, int ifindex) {
        OwnEngine e = OWN.remove(new Key(ns, ifindex));
        if (e != null) e.stop();
    }

    private static void deleteKernelRoot(Netns ns, int ifindex, String dev) {
        QdiscInfo root = TcOps.qdiscs(ns, ifindex, dev).stream().filter(QdiscInfo::isRoot).findFirst().orElse(null);
        if (root != null && (root.kind().equals("netem") || root.kind().equals("tbf"))) TcOps.deleteRoot(ns, ifindex, dev);
    }

    /** What the link has now. */
    public static NetemState get(Netns ns, String dev) {
        return get(ns, LinkOps.index(ns, dev), dev);
    }

    private static NetemState get(Netns ns, int ifindex, String dev) {
        List<QdiscInfo> qdiscs = TcOps.qdiscs(ns, ifindex, dev);
        QdiscInfo root = qdiscs.stream().filter(QdiscInfo::isRoot).findFirst().orElse(null);
        OwnEngine e = OWN.get(new Key(ns, ifindex));
        if (e != null && e.isRunning()) {
            Impairment.Counters n = e.counters();
            return new NetemState(dev, NetemState.NSH, e.conditions, root, e.tap, n.sent, n.sentBytes, n.lost, n.duplicated, n.corrupted,
                    n.reordered, n.overlimits, e.queued(), n.marked);
        }
        if (root != null && root.conditions() != null && (root.kind().equals("netem") || root.kind().equals("tbf"))) {
            return new NetemState(dev, NetemState.KERNEL, root.conditions(), root, null, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new NetemState(dev, NetemState.NONE, LinkConditions.NONE, root, null, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Removes the link's conditions (either engine's); a link without any is left alone. */
    public static void clear(Netns ns, String dev) {
        clear(ns, LinkOps.index(ns, dev), dev);
    }

    private static void clear(Netns ns, int ifindex, String dev) {
        stopOwn(ns, ifindex);
        deleteKernelRoot(ns, ifindex, dev);
    }

    /** Stops every engine of nsh's own (at exit: a link must not stay redirected to a tap that is gone). */
    static void stopAll() {
        for (Key k : List.copyOf(OWN.keySet())) {
            OwnEngine e = OWN.remove(k);
            try {
                if (e != null) e.stop();
            } catch (NshException ex) {
                System.err.println("nsh: clear netem on " + e.dev + ": " + ex.getMessage());
            }
        }
    }
}

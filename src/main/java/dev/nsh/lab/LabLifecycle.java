package dev.nsh.lab;

import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Shutdown;
import dev.nsh.ns.Workers;
import dev.nsh.proc.Background;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A lab's life: the guard around every step that makes something (teardown waits for the steps
 * under way and no step starts once it has begun), the programs to stop, and the teardown itself,
 * which runs to the end through interrupts and removes only the namespaces that are still the
 * ones the lab made. Every lab not yet closed is closed at JVM exit ({@link Shutdown}, before the
 * programs spawned outside labs are stopped).
 */
final class LabLifecycle {
    private static final Set<Lab> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Shutdown.register(Shutdown.Phase.LABS, LabLifecycle::closeAll);
    }

    private final Lab lab;
    private final LabState state;
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
    private final List<Background> processes = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closing;
    private boolean closed;

    LabLifecycle(Lab lab, LabState state) {
        this.lab = lab;
        this.state = state;
        OPEN.add(lab);
    }

    /** The lab of that name open in this JVM, or null. */
    static Lab find(String name) {
        for (Lab l : OPEN) if (l.name().equals(name)) return l;
        return null;
    }

    private static void closeAll() {
        for (Lab l : List.copyOf(OPEN)) {
            try {
                l.close();
            } catch (Throwable e) { // an Error too: the other labs must still go
                System.err.println("nsh: " + e.getMessage());
            }
        }
    }

    /** Runs a step that makes things, unless the lab is closing; teardown waits for steps under way. */
    void building(Runnable step) {
        life.readLock().lock();
        try {
            checkOpen();
            step.run();
        } finally {
            life.readLock().unlock();
        }
    }

    void checkOpen() {
        if (closing || closed) throw new NshException("lab " + lab.name() + " is closed (or closing); nothing more can be made in it");
    }

    void addProcess(Background p) {
        processes.add(p);
    }

    /** Removes everything the lab made, in reverse order; with {@code keep}, records that it stays. */
    void close(boolean keep) {
        closing = true;
        life.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            OPEN.remove(lab);
            if (keep) {
                state.kept();
                lab.out().println("lab " + lab.name() + " is kept: " + lab.nodes().size() + " namespaces " + lab.name()
                        + "-*. Remove it with: scripts/nsh --clean " + lab.name());
                return;
            }
            boolean interrupted = Thread.interrupted();
            try {
                teardown();
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        } finally {
            life.writeLock().unlock();
        }
    }

    private void teardown() {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Background> ps = new ArrayList<>(processes);
        Collections.reverse(ps);
        for (Background p : ps) {
            try {
                p.stop();
            } catch (RuntimeException e) { // an interrupted wait: the namespaces must still go
                failures.add(e);
            }
        }
        // Links, addresses and routes all live in the lab's namespaces and go with them, but for
        // the host's ends of veths (removeHostEnds).
        List<LabRecord.Link> hostEnds = state.hostEnds();
        List<Node> ns = new ArrayList<>(lab.nodes());
        Collections.reverse(ns);
        ns.removeIf(n -> !n.isCreated());
        Progress p = Progress.start("removing lab " + lab.name(), ns.size());
        try {
            Workers.runToEnd("remove lab " + lab.name(), ns, Workers.BUILD_THREADS, p::step, n -> {
                try {
                    if (!hostEnds.isEmpty()) removeHostEnds(() -> n.made().netns(), n.namespaceName(), hostEnds);
                    removeNamespace(n);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
        } finally {
            p.finish();
        }
        if (!failures.isEmpty()) {
            NshException e = new NshException("remove lab " + lab.name() + ": " + failures.get(0).getMessage()
                    + "; what is left is recorded in " + state.path() + " (scripts/nsh --clean " + lab.name() + ")", failures.get(0));
            for (Throwable t : failures.subList(1, failures.size())) e.addSuppressed(t);
            state.close();
            throw e;
        }
        state.delete();
    }

    /**
     * Deletes the veths of namespace {@code nsName} (held as {@code ns}) whose other end is in the
     * host's namespace: the kernel removes a deleted namespace's links later, on a work queue, and
     * the host's end must be gone when teardown or --clean returns, so that the same topology file
     * deploys again at once.
     */
    static void removeHostEnds(Supplier<Netns> ns, String nsName, List<? extends LabRecord> records) {
        for (LabRecord r : records) {
            if (!(r instanceof LabRecord.Link l) || !l.toHost() || !nsName.equals(l.ns())) continue;
            try {
                LinkOps.delete(ns.get(), l.name());
            } catch (RuntimeException gone) {
                // never made, or gone already (the namespace too): the namespace's deletion removes the rest
            }
        }
    }

    /** Deletes the node's namespace if it is still the one the lab made (not replaced behind its back). */
    private static void removeNamespace(Node n) {
        // Replaced behind the lab's back: not the lab's to delete; its handle on the old one goes.
        if (!Namespaces.deleteIf(n.namespaceName(), now -> now.equals(n.identity()))) Namespaces.forget(n.namespaceName(), n.identity());
    }
}

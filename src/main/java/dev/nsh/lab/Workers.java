package dev.nsh.lab;

import dev.nsh.NshException;
import dev.nsh.ns.NamespaceThread;
import dev.nsh.sys.LibC;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a list of tasks on a few platform threads started here, by the caller, which must be in
 * the root namespace: a thread is born in its starter's namespace (KERNEL.md, "Threads and
 * setns"), so a namespace thread must never start one. The first failure stops the hand-out of
 * further tasks and is thrown once all workers have ended, with later failures suppressed. An
 * interrupt of the caller stops the hand-out too, after the tasks under way have finished.
 */
final class Workers {
    private Workers() {}

    /** Two: the kernel serialises most of rtnetlink under one lock, so more threads buy little. */
    static final int BUILD_THREADS = 2;

    static <T> void run(String what, List<T> items, int threads, Progress progress, Consumer<T> task) {
        run(what, items, threads, progress, task, true);
    }

    /**
     * As {@link #run}, but an interrupt of the caller stops nothing: for teardown, which must
     * finish (a lab half removed is a leak). The interrupt is set again when all is done.
     */
    static <T> void runToEnd(String what, List<T> items, int threads, Progress progress, Consumer<T> task) {
        run(what, items, threads, progress, task, false);
    }

    private static <T> void run(String what, List<T> items, int threads, Progress progress, Consumer<T> task, boolean interruptible) {
        if (items.isEmpty()) return;
        if (NamespaceThread.allTids().contains(LibC.gettid())) {
            throw new IllegalStateException(what + ": worker threads must not be started from a namespace thread");
        }
        // Even one task runs on a worker, never inline: an interrupt (Ctrl-C) of the caller must not
        // cut a task short between making a namespace and recording it, or teardown misses it.
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        int n = Math.max(1, Math.min(threads, items.size()));
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    int k = next.getAndIncrement();
                    if (k >= items.size()) break;
                    try {
                        task.accept(items.get(k));
                        if (progress != null) progress.step();
                    } catch (Throwable e) {
                        failures.add(e);
                        stop.set(true);
                    }
                }
            }, "nsh-lab-" + i);
            t.setDaemon(true);
            try {
                t.start();
            } catch (Throwable e) { // no thread to be had: hand out nothing more, wait for those started
                failures.add(e);
                stop.set(true);
                break;
            }
            workers.add(t);
        }
        boolean interrupted = false;
        for (Thread t : workers) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    // Ctrl-C: hand out nothing more, but wait for the tasks under way so that the
                    // teardown sees everything they made.
                    interrupted = true;
                    if (interruptible) stop.set(true);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failures.isEmpty() && interruptible) throw new NshException(what + ": interrupted");
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            for (Throwable t : failures.subList(1, failures.size())) if (t != first) first.addSuppressed(t);
            if (first instanceof RuntimeException r) throw r;
            if (first instanceof Error e) throw e;
            throw new NshException(what + ": " + first.getMessage(), first);
        }
    }
}

package dev.nsh.ns;

import dev.nsh.error.NshException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * nsh's way of starting threads that are not namespace threads (the one other is the native
 * library's preload at start, in dev.nsh.sys, before any namespace exists): platform threads started by
 * the caller, which must itself be outside every namespace thread. A thread is born in the
 * network namespace of the thread that starts it and stays there (docs/KERNEL.md, "Threads and
 * setns"), so a thread started from a namespace thread would do unrelated work inside that
 * namespace. {@link #requireRootThread} is that guard, the only one; {@link #start} starts one
 * thread (a capture's reader, a program's output pump), {@link #run} runs a list of tasks on a
 * few of them (a lab's build, pingAll). Nothing here keeps a pool: threads live as long as their
 * work, so none can be left waiting in a namespace.
 */
public final class Workers {
    private Workers() {}

    /** Two: the kernel serialises most of rtnetlink under one lock, so more threads buy little. */
    public static final int BUILD_THREADS = 2;

    /** Throws when the calling thread is a namespace thread: what it starts would be born in that namespace. */
    public static void requireRootThread(String what) {
        if (NamespaceThread.isNamespaceThread()) {
            throw new IllegalStateException(what + ": called on a namespace thread; a thread started there would be born in its namespace");
        }
    }

    /** Starts {@code task} on a new daemon platform thread, after {@link #requireRootThread}. */
    public static Thread start(String name, Runnable task) {
        requireRootThread("start thread " + name);
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Runs {@code task} on each item, on at most {@code threads} new platform threads. The first
     * failure stops the hand-out of further items and is thrown once all threads have ended, with
     * later failures suppressed. An interrupt of the caller stops the hand-out too, after the
     * tasks under way have finished, and is then thrown as "WHAT: interrupted". {@code stepDone}
     * (may be null) runs after each task that succeeded.
     */
    public static <T> void run(String what, List<T> items, int threads, Runnable stepDone, Consumer<T> task) {
        run(what, items, threads, stepDone, task, true);
    }

    /**
     * As {@link #run}, but an interrupt of the caller stops nothing: for teardown, which must
     * finish (a lab half removed is a leak). The interrupt is set again when all is done.
     */
    public static <T> void runToEnd(String what, List<T> items, int threads, Runnable stepDone, Consumer<T> task) {
        run(what, items, threads, stepDone, task, false);
    }

    private static <T> void run(String what, List<T> items, int threads, Runnable stepDone, Consumer<T> task, boolean interruptible) {
        if (items.isEmpty()) return;
        requireRootThread(what);
        // Even one task runs on a worker, never inline: an interrupt (Ctrl-C) of the caller must not
        // cut a task short between making a namespace and recording it, or teardown misses it.
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        int n = Math.max(1, Math.min(threads, items.size()));
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    int k = next.getAndIncrement();
                    if (k >= items.size()) break;
                    try {
                        task.accept(items.get(k));
                        if (stepDone != null) stepDone.run();
                    } catch (Throwable e) {
                        failures.add(e);
                        stop.set(true);
                    }
                }
            }, "nsh-worker-" + i);
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
                    // caller (a lab's teardown) sees everything they made.
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

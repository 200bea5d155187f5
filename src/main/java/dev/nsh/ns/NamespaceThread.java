package dev.nsh.ns;

import dev.nsh.error.NshException;
import dev.nsh.netlink.NetlinkSocket;
import dev.nsh.netlink.Nl;
import dev.nsh.sys.LibC;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one platform thread that lives in a namespace. It enters the namespace once (setns, or
 * unshare for a new one), opens that namespace's netlink socket, and runs the work handed to it
 * from a queue; nothing else ever enters the namespace. It runs only nsh's own tasks, never user
 * code, so no pool worker or user thread can be born inside (docs/KERNEL.md, "Threads and setns").
 */
public final class NamespaceThread {
    private static final Set<Integer> TIDS = ConcurrentHashMap.newKeySet();
    private static final Set<Thread> THREADS = ConcurrentHashMap.newKeySet();
    private static final Runnable POISON = () -> {};
    /**
     * The stack of a namespace thread: it runs only nsh's own shallow calls (netlink requests,
     * sysctls, socket set-up), so a quarter of the JVM's default megabyte is ample, and a lab of
     * thousands of namespaces does not reserve gigabytes of address space.
     */
    private static final long STACK_BYTES = 256 * 1024;

    private final Thread thread;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopped;
    private volatile int tid;
    private NetlinkSocket rtnetlink;

    /** What the thread does first, on itself, to land in its namespace. */
    @FunctionalInterface
    public interface Entry {
        void enter() throws Exception;
    }

    private NamespaceThread(String label) {
        thread = new Thread(null, this::loop, "nsh-ns-" + label, STACK_BYTES);
        thread.setDaemon(true);
    }

    /** Starts the thread and waits until {@code entry} has run on it; its failure is thrown here. */
    public static NamespaceThread start(String label, Entry entry) {
        NamespaceThread t = new NamespaceThread(label);
        FutureTask<Void> first = new FutureTask<>(() -> {
            t.tid = LibC.gettid();
            TIDS.add(t.tid);
            THREADS.add(Thread.currentThread());
            entry.enter();
            return null;
        });
        t.queue.add(first);
        t.thread.start();
        // The entry (unshare, a bind mount: milliseconds) is waited for even through an interrupt:
        // cut short, the caller could not know whether the namespace was made, and a made one would
        // be left behind. The interrupt stays set for the caller's next wait.
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    first.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            t.stop();
            throw rethrow(e.getCause());
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
        return t;
    }

    /** Runs {@code task} on this thread and returns its result or throws its exception. */
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
        FutureTask<T> f = new FutureTask<>(task);
        synchronized (this) {
            if (stopped) throw new NshException("namespace thread " + thread.getName() + " has stopped");
            queue.add(f);
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NshException("interrupted while waiting for " + thread.getName());
        }
    }

    /** The namespace's rtnetlink socket (NETLINK_ROUTE), opened on first use; only to be used on this thread. */
    public NetlinkSocket rtnetlink() {
        if (Thread.currentThread() != thread) throw new IllegalStateException("rtnetlink socket used off its namespace thread");
        if (rtnetlink == null) rtnetlink = NetlinkSocket.open(Nl.NETLINK_ROUTE);
        return rtnetlink;
    }

    /** Whether the calling thread is one of the namespace threads (of any namespace). */
    public static boolean isNamespaceThread() {
        return THREADS.contains(Thread.currentThread());
    }

    /** The OS thread id (for IFLA_NET_NS_PID and for checking where threads are). */
    public int tid() {
        return tid;
    }

    /** OS thread ids of every live namespace thread. */
    public static Set<Integer> allTids() {
        return Set.copyOf(TIDS);
    }

    /** Closes the sockets and ends the thread, so it no longer holds the namespace alive. */
    public void stop() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
            queue.add(POISON);
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        try {
            while (true) {
                Runnable r = queue.take();
                if (r == POISON) break;
                r.run();
            }
        } catch (InterruptedException ignored) {
            // stop
        } finally {
            if (rtnetlink != null) rtnetlink.close();
            TIDS.remove(tid);
            THREADS.remove(Thread.currentThread());
            // Tasks queued before the stop but after the poison: fail them rather than leave callers waiting.
            for (Runnable r; (r = queue.poll()) != null; ) {
                if (r instanceof FutureTask<?> f) f.cancel(false);
            }
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new NshException(String.valueOf(t.getMessage()), t);
    }
}

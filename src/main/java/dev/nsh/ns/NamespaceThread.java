package dev.nsh.ns;

import dev.nsh.error.NshException;
import dev.nsh.error.TimedOutException;
import dev.nsh.netlink.NetlinkSocket;
import dev.nsh.netlink.Nl;
import dev.nsh.sys.LibC;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** How long a call may wait for its task before it is a timeout: far more than any of nsh's tasks takes. */
    private static final int CALL_LIMIT_SECONDS = 120;
    private static final ThreadLocal<NamespaceThread> CURRENT = new ThreadLocal<>();

    private final Thread thread;
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private volatile NamespaceThread waitingFor;
    private volatile boolean stopped;
    private volatile int tid;
    private NetlinkSocket rtnetlink, nfnetlink;

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

    /**
     * Runs {@code task} on this thread and returns its result or throws its exception. A call
     * between namespace threads that would close a circle (this thread waits, however indirectly,
     * for the caller's) is refused instead of hanging forever. A caller that gives up (interrupted,
     * or after {@value #CALL_LIMIT_SECONDS} s) returns at once: a task not yet started then never
     * runs, and a task under way cleans up after itself when it ends: what it made for nobody (a
     * socket ({@link Netns#socket}), any AutoCloseable, a Process) is closed or killed.
     */
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
        AtomicInteger state = new AtomicInteger(QUEUED);
        FutureTask<T> f = new FutureTask<>(() -> {
            if (!state.compareAndSet(QUEUED, RUNNING)) return null; // its caller gave up before it began
            T result = task.call();
            if (!state.compareAndSet(RUNNING, DONE)) discard(result); // its caller gave up meanwhile
            return result;
        });
        NamespaceThread caller = CURRENT.get();
        synchronized (NamespaceThread.class) {
            for (NamespaceThread t = this; t != null; t = t.waitingFor) {
                if (t == caller) {
                    throw new IllegalStateException(thread.getName() + " called from " + caller.thread.getName()
                            + ", which it is waiting for: the call would never end");
                }
            }
            if (caller != null) caller.waitingFor = this;
        }
        try {
            synchronized (this) {
                if (stopped || !thread.isAlive()) throw new NshException("namespace thread " + thread.getName() + " has stopped");
                queue.add(f);
            }
            return await(f, state);
        } finally {
            if (caller != null) caller.waitingFor = null;
        }
    }

    private static final int QUEUED = 0, RUNNING = 1, DONE = 2, ABANDONED = 3;

    private <T> T await(FutureTask<T> f, AtomicInteger state) {
        long waited = 0;
        while (true) {
            try {
                return f.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            } catch (TimeoutException e) {
                if (!thread.isAlive()) throw new NshException("namespace thread " + thread.getName() + " has stopped");
                if (++waited >= CALL_LIMIT_SECONDS) {
                    abandon(state);
                    throw new TimedOutException(thread.getName() + " did not finish a call within " + CALL_LIMIT_SECONDS + " s",
                            "call", null);
                }
            } catch (InterruptedException e) {
                abandon(state);
                Thread.currentThread().interrupt();
                throw new NshException("interrupted while waiting for " + thread.getName());
            }
        }
    }

    /** The caller gives up: a queued task will not run, a running one will discard its result. */
    private static void abandon(AtomicInteger state) {
        if (!state.compareAndSet(QUEUED, ABANDONED)) state.compareAndSet(RUNNING, ABANDONED);
    }

    /** What a task whose caller gave up made: it would leak, so it goes. The namespace's own socket stays. */
    private void discard(Object result) {
        try {
            if (result == rtnetlink || result == nfnetlink) return;
            if (result instanceof Process p) p.destroyForcibly();
            else if (result instanceof AutoCloseable c) c.close();
        } catch (Exception ignored) {
            // nothing more can be done for it
        }
    }

    /** The namespace's rtnetlink socket (NETLINK_ROUTE), opened on first use; only to be used on this thread. */
    public NetlinkSocket rtnetlink() {
        if (Thread.currentThread() != thread) throw new IllegalStateException("rtnetlink socket used off its namespace thread");
        if (rtnetlink == null) rtnetlink = NetlinkSocket.open(Nl.NETLINK_ROUTE);
        return rtnetlink;
    }

    /** The namespace's netfilter socket (NETLINK_NETFILTER: nf_tables), opened on first use; only on this thread. */
    public NetlinkSocket nfnetlink() {
        if (Thread.currentThread() != thread) throw new IllegalStateException("nfnetlink socket used off its namespace thread");
        if (nfnetlink == null) nfnetlink = NetlinkSocket.open(Nl.NETLINK_NETFILTER);
        return nfnetlink;
    }

    /**
     * Closes the netfilter socket after an exchange on it failed midway (replies lost to ENOBUFS, a
     * timeout): what it still holds belongs to nobody, and the next use opens a fresh one.
     */
    public void dropNfnetlink() {
        if (Thread.currentThread() != thread) throw new IllegalStateException("nfnetlink socket dropped off its namespace thread");
        if (nfnetlink != null) nfnetlink.close();
        nfnetlink = null;
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
        CURRENT.set(this);
        try {
            while (true) {
                Runnable r;
                try {
                    r = queue.take();
                } catch (InterruptedException e) {
                    continue; // only the poison ends the loop
                }
                if (r == POISON) break;
                r.run();
                Thread.interrupted(); // a task that left its interrupt set must not end the thread
            }
        } finally {
            if (rtnetlink != null) rtnetlink.close();
            if (nfnetlink != null) nfnetlink.close();
            TIDS.remove(tid);
            THREADS.remove(Thread.currentThread());
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new NshException(String.valueOf(t.getMessage()), t);
    }
}

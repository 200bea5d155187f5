package dev.nsh.proc;

import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import com.sun.jna.LastErrorException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A process and everything it started. The JDK starts children in nsh's own process group, so
 * the tree is found through /proc (parent links) and signalled pid by pid. It is first frozen
 * with SIGSTOP, walking again until no new pid turns up, so that nothing forks its way out
 * between the walk and the signal (a child whose parent dies is re-parented out of the tree).
 */
final class ProcessTree {
    private ProcessTree() {}

    /** Sends {@code signal} to the whole tree of {@code root}; returns the pids signalled. */
    static Set<Long> signal(ProcessHandle root, int signal) {
        Set<Long> frozen = new LinkedHashSet<>();
        for (int round = 0; round < 50; round++) {
            Set<Long> now = new LinkedHashSet<>();
            if (root.isAlive()) now.add(root.pid());
            root.descendants().forEach(p -> now.add(p.pid()));
            now.removeAll(frozen);
            if (now.isEmpty()) break;
            for (long pid : now) kill(pid, Sys.SIGSTOP);
            frozen.addAll(now);
        }
        for (long pid : frozen) kill(pid, signal);
        if (signal != Sys.SIGKILL) for (long pid : frozen) kill(pid, Sys.SIGCONT);
        return frozen;
    }

    /** SIGTERM to the trees; after {@code graceMillis}, SIGKILL to whatever of them is left. */
    static void stop(List<ProcessHandle> roots, long graceMillis) {
        Set<Long> pids = new LinkedHashSet<>();
        for (ProcessHandle root : roots) pids.addAll(signal(root, Sys.SIGTERM));
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (System.nanoTime() < end && pids.stream().anyMatch(ProcessTree::alive)) sleep(20);
        for (ProcessHandle root : roots) signal(root, Sys.SIGKILL);
        // Those whose parent died meanwhile have left the tree; they were in it when TERM went out.
        for (long pid : pids) if (alive(pid)) kill(pid, Sys.SIGKILL);
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void kill(long pid, int signal) {
        try {
            LibC.kill((int) pid, signal);
        } catch (LastErrorException e) {
            // ESRCH: gone meanwhile
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.nsh.proc;

import dev.nsh.ns.Namespaces;
import dev.nsh.sys.Sys;

import java.lang.reflect.Field;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The JDK waits for children on "process reaper" threads, created lazily by the thread that
 * starts a process. A process started from a namespace thread would so give birth to a reaper
 * inside that namespace, which then lingers and is reused for unrelated work (KERNEL.md: the JVM
 * twin of Go's netns bug). The guard makes every new reaper enter the root namespace first.
 * It needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (nsh's jar manifest has it); without
 * it, a process started from the caller's thread first leaves an idle reaper for the next start.
 */
final class ReaperGuard {
    private static volatile boolean installed;

    private ReaperGuard() {}

    static synchronized boolean install() {
        if (installed) return true;
        try {
            Class<?> c = Class.forName("java.lang.ProcessHandleImpl");
            Field f = c.getDeclaredField("processReaperExecutor");
            f.setAccessible(true);
            if (!(f.get(null) instanceof ThreadPoolExecutor pool)) return false;
            ThreadFactory inner = pool.getThreadFactory();
            int rootFd = Namespaces.root().fd();
            pool.setThreadFactory(r -> inner.newThread(() -> {
                Sys.setns(rootFd, Sys.CLONE_NEWNET, "the root namespace");
                r.run();
            }));
            installed = true;
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}

package dev.nsh.proc;

import dev.nsh.ns.Namespaces;
import dev.nsh.sys.Sys;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The JDK waits for children on "process reaper" threads, created lazily by the thread that
 * starts a process. A process started from an exec thread would so give birth to a reaper
 * inside that namespace and its private mounts, which then lingers and is reused for unrelated
 * work (docs/KERNEL.md, "Threads and setns"). The guard makes every new reaper enter the
 * root network namespace and, when born elsewhere, the JVM's own mount namespace first.
 * It needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (nsh's jar manifest and the test
 * JVM have it); without it, a reaper may stay in a namespace until it idles out (60 s).
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
            int netFd = Namespaces.root().fd();
            int mntFd = Sys.open("/proc/self/ns/mnt", Sys.O_RDONLY);
            pool.setThreadFactory(r -> inner.newThread(() -> {
                leave(netFd, mntFd);
                r.run();
            }));
            installed = true;
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** On the new reaper: back to the JVM's namespaces. A failure is reported, never fatal: the reaper must run. */
    private static void leave(int netFd, int mntFd) {
        try {
            Sys.setns(netFd, Sys.CLONE_NEWNET, "the root namespace");
            if (!link("/proc/thread-self/ns/mnt").equals(link("/proc/self/ns/mnt"))) {
                // setns(CLONE_NEWNS) refuses a thread that shares its fs (cwd, root) with others.
                Sys.unshare(Sys.CLONE_FS, "process reaper: unshare fs");
                Sys.setns(mntFd, Sys.CLONE_NEWNS, "the JVM's mount namespace");
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("nsh: process reaper thread stays in a namespace: " + e.getMessage());
        }
    }

    private static String link(String p) throws IOException {
        return Files.readSymbolicLink(Path.of(p)).toString();
    }
}

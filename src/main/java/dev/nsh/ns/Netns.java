package dev.nsh.ns;

import dev.nsh.netlink.NetlinkSocket;
import dev.nsh.sys.Sys;

import java.util.function.Function;

/**
 * A handle on one network namespace, as vishvananda/netlink's Handle: an open fd on it (for
 * IFLA_NET_NS_FD and nsid look-ups) and its {@link NamespaceThread}, which owns its sockets.
 * Obtained from {@link Namespaces}; closing it ends the thread and closes the fd, so that a
 * deleted namespace really goes.
 */
public final class Netns implements AutoCloseable {
    private final String name;
    private final String path;
    private final int fd;
    private volatile NamespaceThread thread;
    /** Direct mode only: the rtnetlink socket opened inside the namespace, used from the caller's thread. */
    private final NetlinkSocket route;
    private volatile boolean closed;

    Netns(String name, String path, int fd, NamespaceThread thread) {
        this.name = name;
        this.path = path;
        this.fd = fd;
        this.thread = thread;
        this.route = null;
    }

    /**
     * Direct mode ({@link Namespaces#DIRECT}): {@code route} was opened inside the namespace by a
     * switcher thread and is used from whichever thread calls {@link #netlink}; the namespace's own
     * thread is started only when something needs it ({@link #onThread}, {@link #thread}).
     */
    Netns(String name, String path, int fd, NetlinkSocket route) {
        this.name = name;
        this.path = path;
        this.fd = fd;
        this.thread = null;
        this.route = route;
    }

    /** The name under /run/netns, "root" for the namespace nsh started in, else the path. */
    public String name() {
        return name;
    }

    public boolean isRoot() {
        return this == Namespaces.rootIfOpen();
    }

    /** The file this namespace was opened from (/run/netns/NAME, /proc/PID/ns/net ...). */
    public String path() {
        return path;
    }

    /** An fd on the namespace, valid while this handle is open (IFLA_NET_NS_FD takes it). */
    public int fd() {
        checkOpen();
        return fd;
    }

    /** "in ns-1", "in the root namespace": how errors name where something happened. */
    public String where() {
        return isRoot() ? "in the root namespace" : "in " + name;
    }

    /** Runs {@code op} with this namespace's rtnetlink socket, on its thread. */
    public <T> T netlink(Function<NetlinkSocket, T> op) {
        checkOpen();
        if (route != null) {
            // A socket stays in the namespace it was opened in, whichever thread uses it: no hand-off.
            synchronized (route) {
                checkOpen();
                return op.apply(route);
            }
        }
        NamespaceThread t = thread;
        return t.call(() -> op.apply(t.route()));
    }

    /** Runs {@code op} on this namespace's thread (for /proc/sys and sockets of other kinds). */
    public <T> T onThread(java.util.concurrent.Callable<T> op) {
        checkOpen();
        return thread().call(op);
    }

    public NamespaceThread thread() {
        NamespaceThread t = thread;
        if (t != null) return t;
        synchronized (this) {
            checkOpen();
            if (thread == null) {
                // Entered with setns from a thread of its own; never started by the caller's thread inside.
                thread = NamespaceThread.start(name, () -> dev.nsh.sys.Sys.setns(fd, dev.nsh.sys.Sys.CLONE_NEWNET, "namespace " + name));
            }
            return thread;
        }
    }

    public boolean isOpen() {
        return !closed;
    }

    private void checkOpen() {
        if (closed) throw new dev.nsh.NshException("namespace " + name + " was deleted or closed");
    }

    @Override
    public void close() {
        NamespaceThread t;
        synchronized (this) {
            if (closed) return;
            closed = true;
            t = thread;
        }
        if (t != null) t.stop();
        if (route != null) {
            synchronized (route) {
                route.close();
            }
        }
        Sys.closeQuietly(fd);
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.nsh.ns;

import dev.nsh.error.NamespaceGoneException;
import dev.nsh.error.NshException;
import dev.nsh.error.TimedOutException;
import dev.nsh.netlink.NetlinkSocket;
import dev.nsh.sys.Sys;

import java.util.Objects;
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
    private final NamespaceThread thread;
    private final NamespaceIdentity identity;
    private final PeerNamespaces peers = new PeerNamespaces();
    private volatile boolean closed;
    /** Held (shared) while another namespace's request carries this fd; close() takes it alone, so the fd number is never reused under a request. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock fdLock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile boolean gone;
    private NamespaceThread exec;
    private Object execKey;

    Netns(String name, String path, int fd, NamespaceThread thread) {
        this.name = name;
        this.path = path;
        this.fd = fd;
        this.thread = thread;
        this.identity = NamespaceIdentity.ofFd(fd);
    }

    /** The name under /run/netns, "root" for the namespace nsh started in, else the path. */
    public String name() {
        return name;
    }

    public boolean isRoot() {
        return this == Namespaces.rootIfOpen();
    }

    /** Which namespace this handle is on (read when it was opened). */
    public NamespaceIdentity identity() {
        return identity;
    }

    /** Whether this is a named namespace, opened from /run/netns/NAME. */
    public boolean isNamed() {
        return !isRoot() && path.equals(Namespaces.RUN_DIR + "/" + name);
    }

    /** The file this namespace was opened from (/run/netns/NAME, /proc/PID/ns/net ...). */
    public String path() {
        return path;
    }

    /** An fd on the namespace, valid while this handle is open (use {@link #withFd} to hand it to another namespace's request). */
    public int fd() {
        checkOpen();
        return fd;
    }

    /**
     * Runs {@code use} with this namespace's fd, which stays open (and its number this namespace's)
     * until {@code use} returns: for a request of another namespace that names this one by fd
     * (IFLA_NET_NS_FD, NETNSA_FD), while another thread may close this handle.
     */
    public <T> T withFd(java.util.function.IntFunction<T> use) {
        fdLock.readLock().lock();
        try {
            checkOpen();
            return use.apply(fd);
        } finally {
            fdLock.readLock().unlock();
        }
    }

    /** "in ns-1", "in the root namespace": how errors name where something happened. */
    public String where() {
        return isRoot() ? "in the root namespace" : "in " + name;
    }

    /** Runs {@code op} with this namespace's rtnetlink socket, on its thread. */
    public <T> T netlink(Function<NetlinkSocket, T> op) {
        checkOpen();
        try {
            return thread.call(() -> op.apply(thread.rtnetlink()));
        } catch (TimedOutException e) {
            if (e.namespace() != null) throw e;
            throw new TimedOutException(e.operation() + " " + where() + ": " + e.getMessage(), e.operation(), name);
        }
    }

    /** Runs {@code op} with this namespace's netfilter socket (NETLINK_NETFILTER), on its thread. */
    public <T> T netfilter(Function<NetlinkSocket, T> op) {
        checkOpen();
        try {
            return thread.call(() -> {
                try {
                    return op.apply(thread.nfnetlink());
                } catch (RuntimeException | Error e) {
                    thread.dropNfnetlink(); // whatever is left unread on it must not answer the next request
                    throw e;
                }
            });
        } catch (TimedOutException e) {
            if (e.namespace() != null) throw e;
            throw new TimedOutException(e.operation() + " " + where() + ": " + e.getMessage(), e.operation(), name);
        }
    }

    /**
     * A socket of this namespace: {@code socket(2)} on its thread, so the socket belongs to it.
     * Made for a caller that gave up meanwhile (interrupted), it is closed, not leaked.
     */
    public int socket(int domain, int type, int protocol, String what) {
        return onThread(() -> new Fd(Sys.socket(domain, type, protocol, what))).value();
    }

    /** An open file descriptor as something a namespace thread closes when nobody is left to take it. */
    private record Fd(int value) implements AutoCloseable {
        @Override
        public void close() {
            Sys.closeQuietly(value);
        }
    }

    /** Runs {@code op} on this namespace's thread (for /proc/sys and sockets of other kinds). */
    public <T> T onThread(java.util.concurrent.Callable<T> op) {
        checkOpen();
        try {
            return thread.call(op);
        } catch (TimedOutException e) {
            if (e.namespace() != null) throw e;
            throw new TimedOutException(e.getMessage() + " " + where(), e.operation(), name);
        }
    }

    /** What this namespace knows of the namespaces its links lead to (nsids and their names). */
    public PeerNamespaces peers() {
        return peers;
    }

    public NamespaceThread thread() {
        return thread;
    }

    /**
     * The namespace's exec thread, from which programs are started (dev.nsh.proc): a second
     * thread that enters this namespace and then runs {@code setup} on itself (there, a private
     * mount namespace as {@code ip netns exec} makes; the first thread never changes its mounts).
     * Started lazily, from the caller's thread; started anew when {@code key} (what the setup
     * depends on) differs from the running one's; stopped when this handle closes.
     */
    public synchronized NamespaceThread execThread(Object key, NamespaceThread.Entry setup) {
        checkOpen();
        if (exec != null && Objects.equals(execKey, key)) return exec;
        stopExec();
        exec = NamespaceThread.start(name + "-exec", () -> {
            Sys.setns(fd, Sys.CLONE_NEWNET, "namespace " + name);
            setup.enter();
        });
        execKey = key;
        return exec;
    }

    private synchronized void stopExec() {
        if (exec != null) exec.stop();
        exec = null;
        execKey = null;
    }

    public boolean isOpen() {
        return !closed;
    }

    /**
     * Whether its name still stands for this namespace (one stat): false once the namespace was
     * deleted, or deleted and made again, outside nsh. Always true for the root and for a
     * namespace opened by path.
     */
    public boolean isCurrent() {
        return !isNamed() || identity != null && identity.equals(NamespaceIdentity.of(java.nio.file.Path.of(path)));
    }

    /** Whether nsh found this namespace deleted or replaced outside nsh (and closed this handle). */
    public boolean isGone() {
        return gone;
    }

    /** Marks the handle as on a namespace deleted outside nsh, and closes it. */
    void gone() {
        gone = true;
        close();
    }

    private void checkOpen() {
        if (gone) throw new NamespaceGoneException(name, "namespace " + name + " was deleted outside nsh");
        if (closed) throw new NshException("namespace " + name + " was deleted or closed");
    }

    @Override
    public void close() {
        fdLock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
        } finally {
            fdLock.writeLock().unlock();
        }
        stopExec();
        thread.stop();
        Sys.closeQuietly(fd);
    }

    @Override
    public String toString() {
        return name;
    }
}

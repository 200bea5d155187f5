package dev.nsh.ns;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.KernelException;
import dev.nsh.error.NshException;
import dev.nsh.model.Names;
import dev.nsh.sys.Errno;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Named namespaces exactly as {@code ip netns} makes them (iproute2 ip/ipnetns.c): a file under
 * /run/netns with the namespace bind-mounted on it, the directory a shared mount so that the
 * mounts propagate. What nsh makes, {@code ip netns list} sees, and the other way round.
 * One {@link Netns} handle, with one thread, is kept per open name.
 */
public final class Namespaces {
    public static final String RUN_DIR = "/var/run/netns";

    private static final ConcurrentHashMap<String, Netns> OPEN = new ConcurrentHashMap<>();
    /** Locks by name, striped: a name maps to one of them for ever, and their number stays fixed however many names are used. */
    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) LOCKS[i] = new Object();
    }
    private static volatile Netns root;
    private static volatile boolean runDirShared;
    private static final java.util.concurrent.atomic.AtomicLong GENERATION = new java.util.concurrent.atomic.AtomicLong();

    private Namespaces() {}

    /** The namespace nsh was started in (the main thread's, /proc/self/ns/net). */
    public static Netns root() {
        Netns r = root;
        if (r != null) return r;
        synchronized (Namespaces.class) {
            if (root == null) {
                String path = "/proc/self/ns/net";
                int fd = Sys.open(path, Sys.O_RDONLY);
                try {
                    // setns needs CAP_SYS_ADMIN even into the namespace one is in: skip it when the thread
                    // was born in the root, so that without root the EPERM comes from the operation itself.
                    NamespaceThread t = NamespaceThread.start("root", () -> {
                        if (!Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).equals(Files.readSymbolicLink(Path.of(path)))) {
                            Sys.setns(fd, Sys.CLONE_NEWNET, "the root namespace");
                        }
                    });
                    root = new Netns("root", path, fd, t);
                } catch (RuntimeException | Error e) {
                    Sys.closeQuietly(fd);
                    throw e;
                }
            }
            return root;
        }
    }

    static Netns rootIfOpen() {
        return root;
    }

    public static Path path(String name) {
        return Path.of(RUN_DIR, Names.namespace(name));
    }

    public static boolean exists(String name) {
        return Files.exists(path(name));
    }

    /** Counts the namespaces nsh made, opened, deleted or let go: what it knows changed when this did. */
    public static long generation() {
        return GENERATION.get();
    }

    /** The generation and the mtime of /run/netns (changed by ip netns add and del too), as one text. */
    public static String stamp() {
        String mtime;
        try {
            mtime = String.valueOf(Files.getLastModifiedTime(Path.of(RUN_DIR)));
        } catch (IOException e) {
            mtime = "-";
        }
        return GENERATION.get() + "@" + mtime;
    }

    /** Every named namespace, sorted, including those {@code ip netns add} made. */
    public static List<String> list() {
        Path dir = Path.of(RUN_DIR);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new NshException("list " + RUN_DIR + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a namespace's making reports as it goes, for a record that must survive a kill at any
     * moment (a lab's state file): first the empty file that claims the name, then the namespace
     * itself, before the name is bound to it. Whatever moment the process dies, the file there is
     * one of the two, and a record that has both can tell which, and remove it.
     */
    public interface CreationLog {
        CreationLog NONE = new CreationLog() {};

        /**
         * The empty file that will claim the name is made, and has the name from the next step on:
         * {@code file} is its identity (compare it by {@link NamespaceIdentity#sameFile}: getting
         * the name changes its ctime).
         */
        default void claimed(NamespaceIdentity file) {}

        /** The namespace exists and is about to be bound to the name: {@code namespace} is its identity. */
        default void made(NamespaceIdentity namespace) {}
    }

    /** Creates a named namespace; fails (KernelException, EEXIST) if the name is taken. */
    public static Netns create(String name) {
        return create(name, CreationLog.NONE);
    }

    /**
     * Creates a named namespace as {@code ip netns add} does, telling {@code log} each step. A handle
     * nsh still holds on an older namespace of this name (deleted outside nsh) is closed first and
     * marked gone, so that it no longer keeps that namespace alive nor acts on it.
     */
    public static Netns create(String name, CreationLog log) {
        Path file = path(name);
        String what = "create namespace " + name;
        synchronized (lock(name)) {
            prepareRunDir(what + ": ");
            claim(name, file, log, what);
            // The name was free: a handle nsh still holds under it is on a namespace deleted outside nsh.
            Netns stale = OPEN.remove(name);
            if (stale != null && stale.isOpen()) stale.gone();
            int[] fd = {-1};
            NamespaceThread t;
            try {
                // The thread unshares into the new namespace and stays there; an fd on it (not
                // /proc/self: that is the main thread's, the root) pins it until it has its name.
                t = NamespaceThread.start(name, () -> {
                    Sys.unshare(Sys.CLONE_NEWNET, what);
                    fd[0] = Sys.open("/proc/thread-self/ns/net", Sys.O_RDONLY);
                });
            } catch (RuntimeException | Error e) { // an Error too: no thread, or no native library
                deleteQuietly(file);
                throw e;
            }
            try {
                log.made(NamespaceIdentity.ofFd(fd[0]));
                Sys.mount("/proc/self/fd/" + fd[0], file.toString(), "none", Sys.MS_BIND, what + ": bind-mount onto " + file);
            } catch (RuntimeException | Error e) {
                t.stop();
                Sys.closeQuietly(fd[0]);
                unmountAndRemove(name, file);
                throw e;
            }
            Netns ns = new Netns(name, file.toString(), fd[0], t);
            OPEN.put(name, ns);
            GENERATION.incrementAndGet();
            return ns;
        }
    }

    /**
     * Claims the name with an empty file, as {@code ip netns add} does, and tells {@code log} the
     * file's identity before the file has the name: it is made without one (O_TMPFILE) and then
     * linked to the name, which fails if the name is taken, as O_EXCL would. So a kill at any
     * moment leaves either no file, or one whose identity was told. Where the file system has no
     * O_TMPFILE, the file is made with O_EXCL and told at once after.
     */
    private static void claim(String name, Path file, CreationLog log, String what) {
        int tmp;
        try {
            tmp = LibC.open(RUN_DIR, Sys.O_TMPFILE | Sys.O_WRONLY | Sys.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException taken) {
                throw exists(what, file);
            } catch (IOException io) {
                throw new NshException(what + ": cannot create " + file + ": " + io.getMessage(), io);
            }
            log.claimed(NamespaceIdentity.of(file));
            return;
        }
        try {
            log.claimed(NamespaceIdentity.ofFd(tmp));
            LibC.linkat(Sys.AT_FDCWD, "/proc/self/fd/" + tmp, Sys.AT_FDCWD, file.toString(), Sys.AT_SYMLINK_FOLLOW);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EEXIST) throw exists(what, file);
            throw Errno.fail(what + ": link the claim file to " + file, e.getErrorCode());
        } finally {
            Sys.closeQuietly(tmp);
        }
    }

    private static KernelException exists(String what, Path file) {
        return new KernelException(what + ": it already exists (" + file + ")", what, null, Errno.EEXIST, "EEXIST", null, null);
    }

    /**
     * Opens an existing named namespace: the handle already open, if the name still stands for
     * its namespace; else a new one (a handle on a namespace deleted or replaced outside nsh is
     * closed and marked gone). A file another process is still making is waited for.
     */
    public static Netns open(String name) {
        Path file = path(name);
        Netns ns = OPEN.get(name);
        if (ns != null && ns.isOpen() && ns.isCurrent()) return ns;
        synchronized (lock(name)) {
            ns = OPEN.get(name);
            if (ns != null && ns.isOpen() && ns.isCurrent()) return ns;
            if (ns != null) {
                OPEN.remove(name);
                if (ns.isOpen()) ns.gone(); // deleted, or deleted and made again, outside nsh
            }
            if (!Files.exists(file)) throw new NshException("namespace " + name + " does not exist (no " + file + ")");
            awaitNamespace(name, file);
            ns = enter(name, file.toString());
            OPEN.put(name, ns);
            GENERATION.incrementAndGet();
            return ns;
        }
    }

    /**
     * The named namespace, created if it does not exist. Another process making the same name at
     * the same moment (nsh, or ip netns add) is not an error: both end up with the one namespace.
     */
    public static Netns getOrCreate(String name) {
        synchronized (lock(name)) {
            for (int attempt = 0; ; attempt++) {
                if (exists(name)) {
                    try {
                        return open(name);
                    } catch (NshException e) {
                        if (exists(name) || attempt >= 3) throw e; // deleted again meanwhile: make it
                        continue;
                    }
                }
                try {
                    return create(name);
                } catch (KernelException e) {
                    if (e.errno() != Errno.EEXIST || attempt >= 3) throw e; // made by another process meanwhile: open it
                }
            }
        }
    }

    /** How long a file another process is making is waited for before it counts as half made. */
    private static final long MAKING_NANOS = 5_000_000_000L;

    /** Waits until {@code file} is a namespace (nsfs), not the empty file that claims the name while it is made. */
    private static void awaitNamespace(String name, Path file) {
        long nsfs = nsfsDevice(), end = System.nanoTime() + MAKING_NANOS;
        while (true) {
            NamespaceIdentity id = NamespaceIdentity.of(file);
            if (id == null) throw new NshException("namespace " + name + " does not exist (no " + file + ")");
            if (id.device() == nsfs) return;
            if (System.nanoTime() > end) {
                throw new NshException("namespace " + name + ": " + file + " is not a namespace (left half made by another process?"
                        + " ip netns del " + name + " removes it)");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NshException("namespace " + name + ": interrupted while another process made it");
            }
        }
    }

    /** The device of nsfs, where every namespace file lives (that of the process's own namespace). */
    private static long nsfsDevice() {
        NamespaceIdentity self = NamespaceIdentity.of(Path.of("/proc/self/ns/net"));
        return self == null ? -1 : self.device();
    }

    /** A namespace by file (/proc/PID/ns/net, a bind mount elsewhere); the caller closes it. */
    public static Netns openPath(String path) {
        if (!Files.exists(Path.of(path))) throw new NshException("namespace file " + path + " does not exist");
        return enter(path, path);
    }

    /** The network namespace of a process; the caller closes it. */
    public static Netns openPid(long pid) {
        if (pid <= 0) throw new InvalidInputException("pid " + pid + " is not a process id; it must be positive");
        String path = "/proc/" + pid + "/ns/net";
        if (!Files.exists(Path.of(path))) throw new NshException("process " + pid + " does not exist");
        return enter("pid " + pid, path);
    }

    /**
     * Deletes a named namespace as {@code ip netns del} does (umount2 MNT_DETACH, unlink), after
     * closing nsh's own thread and fd on it so the kernel can really free it.
     */
    public static void delete(String name) {
        Path file = path(name);
        synchronized (lock(name)) {
            Netns ns = OPEN.remove(name);
            if (ns != null) ns.close();
            if (!Files.exists(file)) throw new NshException("delete namespace " + name + ": it does not exist (no " + file + ")");
            unmountAndRemove(name, file);
            GENERATION.incrementAndGet();
        }
    }

    /** The handles on named namespaces nsh has open now. */
    public static List<Netns> openHandles() {
        return List.copyOf(OPEN.values());
    }

    /**
     * Deletes the named namespace only if what the name stands for now passes {@code ours} (checked
     * and deleted under the name's lock): what a lab, a held object or --clean removes must be the
     * namespace it made or held, never one made under the same name since. Returns whether it was.
     */
    public static boolean deleteIf(String name, Predicate<NamespaceIdentity> ours) {
        Path file = path(name);
        synchronized (lock(name)) {
            NamespaceIdentity now = NamespaceIdentity.of(file);
            if (now == null || !ours.test(now)) return false;
            Netns ns = OPEN.remove(name);
            if (ns != null) ns.close();
            unmountAndRemove(name, file);
            GENERATION.incrementAndGet();
            return true;
        }
    }

    /** Lets go of a handle found stale (its namespace deleted or replaced outside nsh): closed, marked gone. */
    public static void forget(Netns stale) {
        synchronized (lock(stale.name())) {
            OPEN.remove(stale.name(), stale);
            stale.gone();
            GENERATION.incrementAndGet();
        }
    }

    /** Lets go of the handle open under {@code name} if it is on the namespace {@code identity} (no longer named so). */
    public static void forget(String name, NamespaceIdentity identity) {
        Netns held = OPEN.get(name);
        if (held != null && identity != null && identity.equals(held.identity()) && !held.isCurrent()) forget(held);
    }

    /** Closes every handle nsh holds (threads and fds), leaving the namespaces themselves. */
    public static void closeAll() {
        for (String n : new ArrayList<>(OPEN.keySet())) {
            Netns ns = OPEN.remove(n);
            if (ns != null) ns.close();
        }
    }

    private static Netns enter(String label, String path) {
        int fd = Sys.open(path, Sys.O_RDONLY);
        try {
            NamespaceThread t = NamespaceThread.start(label, () -> Sys.setns(fd, Sys.CLONE_NEWNET, "namespace " + label));
            return new Netns(label, path, fd, t);
        } catch (RuntimeException | Error e) {
            Sys.closeQuietly(fd);
            throw e;
        }
    }

    private static void unmountAndRemove(String name, Path file) {
        try {
            LibC.umount2(file.toString(), Sys.MNT_DETACH);
        } catch (LastErrorException e) {
            // EINVAL: not a mount point (a half-made file); unlink it all the same.
            if (e.getErrorCode() != Errno.EINVAL) throw Errno.fail("delete namespace " + name + ": umount " + file, e.getErrorCode());
        }
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Nothing more to do: the mount is gone, the namespace with it.
        }
    }

    /**
     * /run/netns exists and is a shared mount point (iproute2's netns_add, under its flock). Done
     * once a process: making it shared again walks every namespace mounted below it, which cost
     * each creation more the more namespaces the machine had. A mount made below a shared mount
     * is shared itself, so once is enough while the directory stays mounted.
     */
    private static void prepareRunDir(String what) {
        if (runDirShared) return;
        prepareRunDirNow(what);
        runDirShared = true;
    }

    private static void prepareRunDirNow(String what) {
        try {
            Files.createDirectories(Path.of(RUN_DIR));
        } catch (IOException e) {
            throw new NshException("create " + RUN_DIR + ": " + e.getMessage(), e);
        }
        int lock = Sys.open(RUN_DIR, Sys.O_RDONLY | Sys.O_DIRECTORY);
        try {
            try {
                LibC.flock(lock, Sys.LOCK_EX);
            } catch (LastErrorException e) {
                // iproute2 goes on without the lock too.
            }
            boolean made = false;
            while (true) {
                try {
                    LibC.mount("", RUN_DIR, "none", Sys.MS_SHARED | Sys.MS_REC, null);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINVAL || made) throw Errno.fail(what + "mount --make-shared " + RUN_DIR, e.getErrorCode());
                }
                Sys.mount(RUN_DIR, RUN_DIR, "none", Sys.MS_BIND | Sys.MS_REC, what + "mount --bind " + RUN_DIR);
                Sys.mount(RUN_DIR, RUN_DIR, "none", Sys.MS_PRIVATE | Sys.MS_REC, what + "mount --make-private " + RUN_DIR);
                made = true;
            }
        } finally {
            Sys.closeQuietly(lock);
        }
    }

    private static Object lock(String name) {
        return LOCKS[Math.floorMod(name.hashCode(), LOCKS.length)];
    }
}

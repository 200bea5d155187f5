package dev.nsh.ns;

import dev.nsh.error.InvalidInputException;
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
    private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();
    private static volatile Netns root;
    private static volatile boolean runDirShared;

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
                } catch (RuntimeException e) {
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

    /** Creates a named namespace; fails if the name is taken. */
    public static Netns create(String name) {
        Path file = path(name);
        synchronized (lock(name)) {
            prepareRunDir("create namespace " + name + ": ");
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                throw new NshException("create namespace " + name + ": it already exists (" + file + ")");
            } catch (IOException e) {
                throw new NshException("create namespace " + name + ": cannot create " + file + ": " + e.getMessage(), e);
            }
            NamespaceThread t;
            try {
                // The thread unshares into the new namespace, binds it onto the file, and stays there.
                t = NamespaceThread.start(name, () -> {
                    Sys.unshare(Sys.CLONE_NEWNET, "create namespace " + name);
                    // Not /proc/self: that is the main thread's (root) namespace.
                    Sys.mount("/proc/thread-self/ns/net", file.toString(), "none", Sys.MS_BIND,
                            "create namespace " + name + ": bind-mount onto " + file);
                });
            } catch (RuntimeException | Error e) { // an Error too: no thread, or no native library
                deleteQuietly(file);
                throw e;
            }
            int fd;
            try {
                fd = Sys.open(file.toString(), Sys.O_RDONLY);
            } catch (RuntimeException e) {
                t.stop();
                unmountAndRemove(name, file);
                throw e;
            }
            Netns ns = new Netns(name, file.toString(), fd, t);
            OPEN.put(name, ns);
            return ns;
        }
    }

    /** Opens an existing named namespace (the handle already open, if it still matches the file). */
    public static Netns open(String name) {
        Path file = path(name);
        Netns ns = OPEN.get(name);
        if (ns != null && ns.isOpen() && sameNamespace(ns, file)) return ns;
        synchronized (lock(name)) {
            ns = OPEN.get(name);
            if (ns != null && ns.isOpen() && sameNamespace(ns, file)) return ns;
            if (ns != null) {
                // Deleted and perhaps re-created behind nsh's back (ip netns del/add): drop the stale handle.
                OPEN.remove(name);
                ns.close();
            }
            if (!Files.exists(file)) throw new NshException("namespace " + name + " does not exist (no " + file + ")");
            ns = enter(name, file.toString());
            OPEN.put(name, ns);
            return ns;
        }
    }

    /** The named namespace, created if it does not exist. */
    public static Netns getOrCreate(String name) {
        synchronized (lock(name)) {
            return exists(name) ? open(name) : create(name);
        }
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
        }
    }

    /** The handles on named namespaces nsh has open now. */
    public static List<Netns> openHandles() {
        return List.copyOf(OPEN.values());
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
        } catch (RuntimeException e) {
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

    private static boolean sameNamespace(Netns ns, Path file) {
        NamespaceIdentity now = NamespaceIdentity.of(file);
        return now != null && now.equals(NamespaceIdentity.ofFd(ns.fd()));
    }

    private static Object lock(String name) {
        return LOCKS.computeIfAbsent(name, k -> new Object());
    }
}

package dev.nsh.proc;

import dev.nsh.ns.NamespaceThread;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a program started in a namespace sees, as {@code ip netns exec} makes it (iproute2
 * lib/namespace.c, netns_switch): the namespace's network; a mount namespace of its own, a slave
 * of the host's, with a fresh sysfs on /sys (so /sys/class/net lists the namespace's links); and
 * every file of /etc/netns/NAME bound over the same name in /etc (resolv.conf, hosts).
 * <p>
 * All of that is set up once on the namespace's exec thread ({@link Netns#execThread}), and every
 * child is started from there. The thread is set up anew when /etc/netns/NAME changes (a file
 * added, removed or replaced), as ip does its binds at every exec.
 */
final class ExecThread {
    static final String ETC_NETNS = "/etc/netns";

    private ExecThread() {}

    /** The exec thread of {@code ns}, set up for the current contents of /etc/netns/NAME. */
    static NamespaceThread of(Netns ns) {
        Path etc = etcDir(ns);
        List<String> files = etc == null ? List.of() : list(etc);
        return ns.execThread(files, () -> enter(ns, etc, files));
    }

    /** /etc/netns/NAME for a namespace under /run/netns; null for the root one or one opened by path. */
    static Path etcDir(Netns ns) {
        if (ns.isRoot()) return null;
        try {
            if (!Namespaces.path(ns.name()).toString().equals(ns.path())) return null;
        } catch (RuntimeException e) {
            return null; // not a namespace name ("pid 42")
        }
        return Path.of(ETC_NETNS, ns.name());
    }

    /** Names and inodes of the files in {@code dir}: a bind holds the inode, so a replaced file counts as a change. */
    private static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName() + "@" + inode(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Object inode(Path p) {
        try {
            return Files.getAttribute(p, "unix:ino");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Runs on the exec thread, already in the namespace's network. */
    private static void enter(Netns ns, Path etc, List<String> files) {
        String who = ns.name();
        Sys.unshare(Sys.CLONE_NEWNS, who + ": unshare the mount namespace");
        // Nothing done here may reach the host: receive its mounts, never send ours.
        Sys.mount("", "/", "none", Sys.MS_SLAVE | Sys.MS_REC, who + ": mount --make-rslave /");
        long flags = 0;
        try {
            LibC.umount2("/sys", Sys.MNT_DETACH);
        } catch (LastErrorException e) {
            // As ip: if the old sysfs stays, the new one is mounted read-only over it.
            flags = Sys.MS_RDONLY;
        }
        Sys.mount(etc == null ? "sysfs" : who, "/sys", "sysfs", flags, who + ": mount sysfs on /sys");
        if (etc == null) return;
        PrintStream err = System.err;
        for (String entry : files) {
            String file = entry.substring(0, entry.lastIndexOf('@'));
            String src = etc.resolve(file).toString(), dst = "/etc/" + file;
            try {
                LibC.mount(src, dst, "none", Sys.MS_BIND, null);
            } catch (LastErrorException e) {
                // ip warns and goes on, too.
                err.println(who + ": cannot bind " + src + " over " + dst + ": " + Errno.describe(e.getErrorCode()));
            }
        }
    }
}

package dev.nsh.sys;

import com.sun.jna.LastErrorException;

/**
 * Thin wrappers over {@link LibC} that turn errno into a {@link dev.nsh.error.KernelException} naming the
 * operation and its object, and hold the constants of {@code <sys/socket.h>}, {@code <sched.h>}
 * and {@code <sys/mount.h>} that nsh uses.
 */
public final class Sys {
    private Sys() {}

    public static final int AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_RCVTIMEO = 20,
            SO_SNDBUFFORCE = 32, SO_RCVBUFFORCE = 33, SO_ATTACH_FILTER = 26;
    public static final int SO_BINDTODEVICE = 25, SO_BROADCAST = 6;
    public static final int IPPROTO_IP = 0, IPPROTO_ICMP = 1, IPPROTO_IPV6 = 41, IPPROTO_ICMPV6 = 58;
    public static final int IP_TTL = 2, IPV6_UNICAST_HOPS = 16, IPV6_RECVHOPLIMIT = 51, IPV6_HOPLIMIT = 52;
    public static final int SOL_PACKET = 263, PACKET_STATISTICS = 6, ETH_P_ALL = 3;
    public static final short POLLIN = 1;
    public static final int MSG_PEEK = 2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000, O_TMPFILE = 0x410000;
    public static final int AT_FDCWD = -100, AT_SYMLINK_FOLLOW = 0x400;
    public static final int LOCK_EX = 2, LOCK_UN = 8;
    public static final int CLONE_FS = 0x00000200, CLONE_NEWNS = 0x00020000, CLONE_NEWNET = 0x40000000;
    public static final long MS_RDONLY = 1, MS_BIND = 4096, MS_REC = 16384, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19,
            MS_SHARED = 1 << 20;
    public static final int MNT_DETACH = 2;
    public static final int SIGKILL = 9, SIGTERM = 15, SIGCONT = 18, SIGSTOP = 19;

    /** AF_INET for an IPv4 address, AF_INET6 for an IPv6 one. */
    public static int family(java.net.InetAddress a) {
        return a instanceof java.net.Inet4Address ? AF_INET : AF_INET6;
    }

    public static int socket(int domain, int type, int protocol, String what) {
        try {
            return LibC.socket(domain, type, protocol);
        } catch (LastErrorException e) {
            throw Errno.fail("open " + what + " socket", e.getErrorCode());
        }
    }

    public static int open(String path, int flags) {
        try {
            return LibC.open(path, flags | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw Errno.fail("open " + path, e.getErrorCode());
        }
    }

    /** Closes quietly: close errors on the paths nsh uses only mean the fd is already gone. */
    public static void closeQuietly(int fd) {
        if (fd < 0) return;
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // EBADF or EINTR: the fd is released either way on Linux.
        }
    }

    public static void setns(int fd, int nstype, String what) {
        try {
            LibC.setns(fd, nstype);
        } catch (LastErrorException e) {
            throw Errno.fail("enter " + what, e.getErrorCode());
        }
    }

    public static void unshare(int flags, String what) {
        try {
            LibC.unshare(flags);
        } catch (LastErrorException e) {
            throw Errno.fail(what, e.getErrorCode());
        }
    }

    public static void mount(String source, String target, String fstype, long flags, String what) {
        try {
            LibC.mount(source, target, fstype, flags, null);
        } catch (LastErrorException e) {
            throw Errno.fail(what, e.getErrorCode());
        }
    }

    public static void umount2(String target, int flags, String what) {
        try {
            LibC.umount2(target, flags);
        } catch (LastErrorException e) {
            throw Errno.fail(what, e.getErrorCode());
        }
    }

    public static void setsockopt(int fd, int level, int name, int value, String what) {
        byte[] v = Bytes.ofInt(value);
        try {
            LibC.setsockopt(fd, level, name, v, v.length);
        } catch (LastErrorException e) {
            throw Errno.fail("set " + what, e.getErrorCode());
        }
    }

    public static void setsockopt(int fd, int level, int name, byte[] value, String what) {
        try {
            LibC.setsockopt(fd, level, name, value, value.length);
        } catch (LastErrorException e) {
            throw Errno.fail("set " + what, e.getErrorCode());
        }
    }

    /**
     * Whether the effective uid is 0, read from /proc/self/status ("Uid: real effective ...") so
     * that asking does not load the native library; geteuid() where /proc is not readable.
     */
    public static boolean isRoot() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Uid:")).findFirst()
                    .map(l -> l.trim().split("\\s+")[2].equals("0")).orElseGet(() -> LibC.geteuid() == 0);
        } catch (java.io.IOException | RuntimeException e) {
            return LibC.geteuid() == 0;
        }
    }

    /** Loads and binds the native library on a daemon thread, so that its cost overlaps other start-up work. */
    public static void preload() {
        Thread t = new Thread(() -> {
            try {
                LibC.gettid();
            } catch (LinkageError | RuntimeException ignored) {
                // reported where it is first really used
            }
        }, "nsh-native-preload");
        t.setDaemon(true);
        t.start();
    }
}

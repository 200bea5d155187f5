package dev.nsh.sys;

import dev.nsh.error.KernelException;

import java.util.Map;

/** Symbolic names of the errno values nsh meets, so messages say EEXIST and not 17. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EAGAIN = 11, EACCES = 13,
            EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22, ERANGE = 34, EOPNOTSUPP = 95,
            EADDRNOTAVAIL = 99, ENETUNREACH = 101, ENOBUFS = 105;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(9, "EBADF"),
            Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"),
            Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"),
            Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"),
            Map.entry(24, "EMFILE"), Map.entry(28, "ENOSPC"), Map.entry(30, "EROFS"), Map.entry(31, "EMLINK"), Map.entry(34, "ERANGE"),
            Map.entry(36, "ENAMETOOLONG"), Map.entry(39, "ENOTEMPTY"), Map.entry(40, "ELOOP"), Map.entry(61, "ENODATA"),
            Map.entry(71, "EPROTO"), Map.entry(90, "EMSGSIZE"), Map.entry(92, "ENOPROTOOPT"),
            Map.entry(93, "EPROTONOSUPPORT"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"),
            Map.entry(98, "EADDRINUSE"), Map.entry(99, "EADDRNOTAVAIL"), Map.entry(100, "ENETDOWN"),
            Map.entry(101, "ENETUNREACH"), Map.entry(105, "ENOBUFS"), Map.entry(110, "ETIMEDOUT"),
            Map.entry(111, "ECONNREFUSED"), Map.entry(113, "EHOSTUNREACH"));

    /** The one line for EPERM: for nsh it nearly always means "not root". */
    public static final String NEEDS_ROOT = "nsh needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN): run it with sudo";

    /** EPERM in rootless mode (scripts/nsh sets nsh.rootless, or NSH_ROOTLESS=1 for --rootless-run): only what is outside the user's namespaces is out of reach. */
    public static final String ROOTLESS = "not permitted in rootless nsh (a user namespace): the host's network and "
            + "system-wide settings cannot be changed from it; run as root for that";

    /** Whether this nsh runs rootless, in a user namespace of its user's own. */
    public static boolean rootless() {
        return Boolean.getBoolean("nsh.rootless") || "1".equals(System.getenv("NSH_ROOTLESS"));
    }

    /** The words for EPERM, for how this nsh runs. */
    public static String permission() {
        return rootless() ? ROOTLESS : NEEDS_ROOT;
    }

    /** A failed system call: "open /run/netns/x: No such file or directory (ENOENT)". */
    public static KernelException fail(String operation, int errno) {
        return new KernelException(operation + ": " + (errno == EPERM ? permission() : describe(errno)), operation, null, errno,
                name(errno), null, null);
    }

    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** "File exists (EEXIST)". */
    public static String describe(int errno) {
        String text;
        try {
            text = LibC.strerror(errno);
        } catch (Throwable t) {
            text = null;
        }
        return (text == null ? "error" : text) + " (" + name(errno) + ")";
    }
}

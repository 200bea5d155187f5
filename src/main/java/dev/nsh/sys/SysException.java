package dev.nsh.sys;

import dev.nsh.NshException;

/**
 * A failed system call: names the operation, its object, and the errno. EPERM says what is
 * missing, since for nsh it nearly always means "not root".
 */
public class SysException extends NshException {
    /** The one line for EPERM, shared with the netlink layer's errors. */
    public static final String NEEDS_ROOT = "nsh needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN): run it with sudo";

    private final int errno;

    public SysException(String operation, int errno) {
        super(operation + ": " + (errno == Errno.EPERM ? NEEDS_ROOT : Errno.describe(errno)));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}

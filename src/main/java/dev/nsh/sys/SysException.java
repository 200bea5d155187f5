package dev.nsh.sys;

import dev.nsh.NshException;

/** A failed system call: names the operation, its object, and the errno. */
public class SysException extends NshException {
    private final int errno;

    public SysException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}

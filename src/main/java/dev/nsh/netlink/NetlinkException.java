package dev.nsh.netlink;

import dev.nsh.NshException;
import dev.nsh.sys.Errno;

/**
 * The kernel refused a request: errno plus, when the kernel gave them, its extended-ACK text and
 * the offset of the offending attribute. Callers wrap it with the object and namespace.
 */
public class NetlinkException extends NshException {
    private final int errno;
    private final String kernelMessage;
    private final int offset;

    public NetlinkException(int errno, String kernelMessage, int offset) {
        super(Errno.describe(errno) + (kernelMessage == null ? "" : ": " + kernelMessage));
        this.errno = errno;
        this.kernelMessage = kernelMessage;
        this.offset = offset;
    }

    public int errno() {
        return errno;
    }

    /** The kernel's extended-ACK message (NLMSGERR_ATTR_MSG), or null. */
    public String kernelMessage() {
        return kernelMessage;
    }

    /** Offset in the request of the attribute the kernel blamed (NLMSGERR_ATTR_OFFS), or -1. */
    public int offset() {
        return offset;
    }
}

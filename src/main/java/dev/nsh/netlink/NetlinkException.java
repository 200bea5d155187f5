package dev.nsh.netlink;

import dev.nsh.error.KernelException;
import dev.nsh.sys.Errno;

/**
 * The kernel refused a netlink request: errno plus, when the kernel gave them, its extended-ACK
 * text and the offset of the offending attribute. The socket knows neither the object nor the
 * namespace; the operations wrap it with both (dev.nsh.ops.KernelErrors).
 */
public class NetlinkException extends KernelException {
    private final int offset;

    public NetlinkException(int errno, String kernelMessage, int offset) {
        super(Errno.describe(errno) + (kernelMessage == null ? "" : ": " + kernelMessage), null, null, errno, Errno.name(errno),
                kernelMessage, null);
        this.offset = offset;
    }

    /** Offset in the request of the attribute the kernel blamed (NLMSGERR_ATTR_OFFS), or -1. */
    public int offset() {
        return offset;
    }
}

package dev.nsh.ops;

import dev.nsh.NshException;
import dev.nsh.netlink.NetlinkException;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;

/** Turns a kernel refusal into one line naming the operation, the object and the namespace. */
final class KernelErrors {
    private KernelErrors() {}

    static final String NEEDS_ROOT = dev.nsh.sys.SysException.NEEDS_ROOT;

    /** "create veth veth-1 in ns-1: File exists (EEXIST)", with {@code existsHint} for EEXIST. */
    static NshException wrap(String what, Netns ns, NetlinkException e, String existsHint) {
        if (e.errno() == Errno.EPERM) return new NshException(what + " " + ns.where() + ": " + NEEDS_ROOT, e);
        String msg = what + " " + ns.where() + ": ";
        if (e.errno() == Errno.EEXIST && existsHint != null) msg += existsHint + " (EEXIST)";
        else msg += e.getMessage();
        return new NshException(msg, e);
    }

    static NshException wrap(String what, Netns ns, NetlinkException e) {
        return wrap(what, ns, e, null);
    }
}

package dev.nsh.ops;

import dev.nsh.error.KernelException;
import dev.nsh.ns.Netns;
import dev.nsh.sys.Errno;

/** Turns a kernel refusal into one line naming the operation, the object and the namespace. */
public final class KernelErrors {
    private KernelErrors() {}

    /**
     * "create veth veth-1 in ns-1: File exists (EEXIST)", or {@code existsHint} in place of the
     * kernel's text for EEXIST (the kernel says which object exists for none of them). The errno
     * and the kernel's message stay on the exception.
     */
    static KernelException wrap(String what, Netns ns, KernelException e, String existsHint) {
        String detail = e.errno() == Errno.EPERM ? Errno.permission()
                : e.errno() == Errno.EEXIST && existsHint != null ? existsHint + " (EEXIST)" : e.getMessage();
        return new KernelException(what + " " + ns.where() + ": " + detail, what, ns.name(), e.errno(), e.errnoName(),
                e.kernelMessage(), e);
    }

    public static KernelException wrap(String what, Netns ns, KernelException e) {
        return wrap(what, ns, e, null);
    }

    /** "WHAT in NS: DETAIL", for a caller that knows better words than the kernel's (which object is missing). */
    public static KernelException explained(String what, Netns ns, KernelException e, String detail) {
        return new KernelException(what + " " + ns.where() + ": " + detail, what, ns.name(), e.errno(), e.errnoName(), e.kernelMessage(), e);
    }
}

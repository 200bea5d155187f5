package dev.nsh.error;

/**
 * The kernel refused an operation: a failed system call or a netlink request answered with an
 * error. It carries what callers decide on, so that none of them unwraps causes to find EEXIST:
 * the errno ({@link #errno()}, {@link #errnoName()} "EEXIST"), the kernel's own extended-ACK text
 * when it gave one, the operation ("create veth veth-1") and the namespace it was done in (null
 * when the failure is not tied to one). The message reads
 * {@code create veth veth-1 in ns-1: File exists (EEXIST)}.
 */
public class KernelException extends NshException {
    private final int errno;
    private final String errnoName;
    private final String kernelMessage;
    private final String operation;
    private final String namespace;

    public KernelException(String message, String operation, String namespace, int errno, String errnoName,
                           String kernelMessage, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.errnoName = errnoName;
        this.kernelMessage = kernelMessage;
        this.operation = operation;
        this.namespace = namespace;
    }

    /** The same refusal told in other words (which object is in the way, say); this one is the cause. */
    public KernelException reworded(String message) {
        return new KernelException(message, operation, namespace, errno, errnoName, kernelMessage, this);
    }

    /** The positive errno value (17 for EEXIST). */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name ("EEXIST"). */
    public String errnoName() {
        return errnoName;
    }

    /** The kernel's extended-ACK message (NLMSGERR_ATTR_MSG), or null. */
    public String kernelMessage() {
        return kernelMessage;
    }

    /** What was being done, with its object ("create veth veth-1"), or null. */
    public String operation() {
        return operation;
    }

    /** The name of the namespace it was done in ("root" for the host's), or null. */
    public String namespace() {
        return namespace;
    }
}

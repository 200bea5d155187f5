package dev.nsh.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The glibc calls nsh needs, bound by JNA direct mapping (about 0.1-0.25 us a call).
 * Direct mapping has no varargs, so only fixed-argument functions are bound here; errno comes
 * back as {@link LastErrorException}, which {@link Sys} turns into {@link dev.nsh.error.KernelException} (through {@link Errno#fail}).
 */
public final class LibC {
    static {
        // The full soname: "c" makes JNA run ldconfig -p to find it (tens of ms at every start).
        Native.register("libc.so.6");
    }

    private LibC() {}

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;
    public static native int bind(int fd, byte[] addr, int len) throws LastErrorException;
    public static native int connect(int fd, byte[] addr, int len) throws LastErrorException;
    public static native int getsockname(int fd, byte[] addr, int[] len) throws LastErrorException;
    public static native long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;
    public static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen)
            throws LastErrorException;
    public static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;
    public static native long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, int[] addrLen)
            throws LastErrorException;
    public static native int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;
    public static native int getsockopt(int fd, int level, int name, byte[] value, int[] len) throws LastErrorException;
    public static native int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;
    public static native int poll(byte[] fds, long nfds, int timeoutMillis) throws LastErrorException;
    public static native long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;
    public static native int close(int fd) throws LastErrorException;
    /** For a tap device's frames (dev.nsh.tc): read into native memory, ioctl(TUNSETIFF) with a struct ifreq, ppoll to the nanosecond. */
    public static native long read(int fd, Pointer buf, long len) throws LastErrorException;
    public static native int ioctl(int fd, long request, byte[] arg) throws LastErrorException;
    public static native int ppoll(byte[] fds, long nfds, byte[] timespec, Pointer sigmask) throws LastErrorException;
    public static native int open(String path, int flags) throws LastErrorException;
    /** open(2) with a mode, for O_CREAT and O_TMPFILE. */
    public static native int open(String path, int flags, int mode) throws LastErrorException;
    public static native int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) throws LastErrorException;
    public static native int flock(int fd, int operation) throws LastErrorException;
    public static native int setns(int fd, int nstype) throws LastErrorException;
    public static native int unshare(int flags) throws LastErrorException;
    public static native int mount(String source, String target, String fstype, long flags, Pointer data)
            throws LastErrorException;
    public static native int umount2(String target, int flags) throws LastErrorException;
    public static native int kill(int pid, int sig) throws LastErrorException;
    public static native int gettid();
    public static native int geteuid();
    public static native String strerror(int errnum);
}

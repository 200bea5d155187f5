package dev.nsh.tc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.nsh.ns.Netns;
import dev.nsh.packet.SockAddr;
import dev.nsh.sys.Bytes;
import dev.nsh.sys.Errno;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The two ends of nsh's own engine on one link: a tap device (its fd yields the frames that the
 * link's egress filter redirects to it) and a packet socket bound to the link with
 * PACKET_QDISC_BYPASS, whose frames go straight to the driver, past the link's qdiscs and its
 * clsact egress hook, so they are not redirected again. Both are made on the namespace's thread,
 * so they belong to it; the tap goes when its fd closes.
 */
final class TapPort implements AutoCloseable {
    private static final long TUNSETIFF = 0x400454caL;
    private static final int IFF_TAP = 0x0002, IFF_NO_PI = 0x1000;
    private static final int O_RDWR = 2, O_NONBLOCK = 0x800;
    private static final int PACKET_QDISC_BYPASS = 20;
    /** Frames up to 64 KiB (a tap's MTU may be raised to a veth's 65535). */
    static final int FRAME_MAX = 65536 + 14;

    final String tap;
    final String what;
    private final int tapFd, packetFd;
    private final Memory buf = new Memory(FRAME_MAX);

    private TapPort(String tap, String what, int tapFd, int packetFd) {
        this.tap = tap;
        this.what = what;
        this.tapFd = tapFd;
        this.packetFd = packetFd;
    }

    /** An fd handed back from the namespace thread, closed there if its caller gave up meanwhile. */
    private record Fd(int value) implements AutoCloseable {
        @Override
        public void close() {
            Sys.closeQuietly(value);
        }
    }

    /** Creates tap {@code tap} in {@code ns} and a bypassing packet socket on link {@code ifindex}. */
    static TapPort open(Netns ns, String tap, int ifindex, String dev) {
        String what = "tap " + tap + " for " + dev + " " + ns.where();
        int tapFd = ns.onThread(() -> new Fd(createTap(tap, what))).value();
        try {
            int packetFd = ns.socket(Sys.AF_PACKET, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, 0, "packet socket on " + dev + " " + ns.where());
            try {
                Sys.setsockopt(packetFd, Sys.SOL_PACKET, PACKET_QDISC_BYPASS, 1, "PACKET_QDISC_BYPASS on " + dev);
                Sys.setsockopt(packetFd, Sys.SOL_SOCKET, Sys.SO_SNDBUF, 4 << 20, "SO_SNDBUF on " + dev);
                byte[] sll = SockAddr.link(0, ifindex); // protocol 0: the socket receives nothing
                try {
                    LibC.bind(packetFd, sll, sll.length);
                } catch (LastErrorException e) {
                    throw Errno.fail("bind packet socket to " + dev, e.getErrorCode());
                }
                return new TapPort(tap, what, tapFd, packetFd);
            } catch (RuntimeException e) {
                Sys.closeQuietly(packetFd);
                throw e;
            }
        } catch (RuntimeException e) {
            Sys.closeQuietly(tapFd);
            throw e;
        }
    }

    private static int createTap(String tap, String what) {
        int fd;
        try {
            fd = LibC.open("/dev/net/tun", O_RDWR | O_NONBLOCK | Sys.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw Errno.fail("open /dev/net/tun for " + what, e.getErrorCode());
        }
        byte[] ifr = new byte[40];
        byte[] name = tap.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, ifr, 0, name.length);
        Bytes.wrap(ifr).putShort(16, (short) (IFF_TAP | IFF_NO_PI));
        try {
            LibC.ioctl(fd, TUNSETIFF, ifr);
        } catch (LastErrorException e) {
            Sys.closeQuietly(fd);
            throw Errno.fail("create " + what, e.getErrorCode());
        }
        return fd;
    }

    /** Waits until the tap has a frame or {@code nanos} passed (ppoll: to the nanosecond, not the millisecond). */
    boolean waitReadable(long nanos) {
        byte[] pfd = new byte[8];
        ByteBuffer b = Bytes.wrap(pfd);
        b.putInt(0, tapFd).putShort(4, Sys.POLLIN);
        byte[] ts = new byte[16];
        Bytes.wrap(ts).putLong(0, nanos / 1_000_000_000L).putLong(8, nanos % 1_000_000_000L);
        try {
            return LibC.ppoll(pfd, 1, ts, null) > 0 && b.getShort(6) != 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) return false;
            throw Errno.fail("poll " + what, e.getErrorCode());
        }
    }

    /** The next frame from the tap, or null if none waits. */
    byte[] read() {
        long n;
        try {
            n = LibC.read(tapFd, buf, FRAME_MAX);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN || e.getErrorCode() == Errno.EINTR) return null;
            throw Errno.fail("read " + what, e.getErrorCode());
        }
        return n <= 0 ? null : buf.getByteArray(0, (int) n);
    }

    /** Sends a frame on the link; false if the kernel had no room for it (ENOBUFS, EAGAIN) or the link is down. */
    boolean send(byte[] frame) {
        try {
            LibC.send(packetFd, frame, frame.length, Sys.MSG_DONTWAIT);
            return true;
        } catch (LastErrorException e) {
            int err = e.getErrorCode();
            if (err == Errno.ENOBUFS || err == Errno.EAGAIN || err == 100 /* ENETDOWN */ || err == 6 /* ENXIO */) return false;
            throw Errno.fail("send on " + what, err);
        }
    }

    @Override
    public void close() {
        Sys.closeQuietly(packetFd);
        Sys.closeQuietly(tapFd);
    }
}

package dev.nsh.packet.ping;

import dev.nsh.packet.*;

import com.sun.jna.LastErrorException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;
import dev.nsh.sys.Errno;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * A raw ICMP (IPPROTO_ICMP) or ICMPv6 (IPPROTO_ICMPV6) socket of one namespace. It is created on
 * the namespace's thread, so it belongs there, and is then used from the caller's thread.
 * Raw, not a ping socket: a new namespace's net.ipv4.ping_group_range ("1 0") refuses those with
 * EACCES even to root. IPv4 datagrams arrive with their IP header; IPv6 ones without, and the
 * kernel fills the ICMPv6 checksum.
 */
final class IcmpSocket implements AutoCloseable {
    private final int fd;
    private final boolean v6;
    private final String what;
    private final MessageReader reader = new MessageReader(65536 + 64);

    private IcmpSocket(int fd, boolean v6, String what) {
        this.fd = fd;
        this.v6 = v6;
        this.what = what;
    }

    static IcmpSocket open(Netns ns, boolean v6) {
        String what = (v6 ? "raw ICMPv6" : "raw ICMP") + " socket " + ns.where();
        int fd = v6 ? ns.socket(Sys.AF_INET6, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, Sys.IPPROTO_ICMPV6, "raw ICMPv6 " + ns.where())
                : ns.socket(Sys.AF_INET, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, Sys.IPPROTO_ICMP, "raw ICMP " + ns.where());
        IcmpSocket s = new IcmpSocket(fd, v6, what);
        try {
            Sys.setsockopt(fd, Sys.SOL_SOCKET, MessageReader.SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS on " + what);
            if (v6) Sys.setsockopt(fd, Sys.IPPROTO_IPV6, Sys.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT on " + what);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** SO_BINDTODEVICE: send and receive through {@code dev} only. */
    void bindToDevice(String dev) {
        byte[] name = (dev + "\0").getBytes(StandardCharsets.UTF_8);
        Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_BINDTODEVICE, name, "SO_BINDTODEVICE " + dev + " on " + what);
    }

    /**
     * Room for many replies at once, as a ping sweep gets: SO_RCVBUFFORCE where nsh may pass
     * net.core.rmem_max (CAP_NET_ADMIN in the host's user namespace), else SO_RCVBUF, which the
     * kernel caps at rmem_max (rootless nsh: a sweep then waits for fewer replies at a time).
     */
    void receiveBuffer(int bytes) {
        try {
            Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_RCVBUFFORCE, bytes, "SO_RCVBUFFORCE " + bytes + " on " + what);
        } catch (dev.nsh.error.KernelException e) {
            if (e.errno() != dev.nsh.sys.Errno.EPERM) throw e;
            Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_RCVBUF, bytes, "SO_RCVBUF " + bytes + " on " + what);
        }
    }

    /** SO_BROADCAST: without it, sending to a broadcast address fails with EACCES. */
    void allowBroadcast() {
        Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_BROADCAST, 1, "SO_BROADCAST on " + what);
    }

    /** Sends from {@code source} (it must be an address of the namespace). */
    void bindSource(InetAddress source) {
        byte[] sa = SockAddr.inet(source, 0);
        try {
            LibC.bind(fd, sa, sa.length);
        } catch (LastErrorException e) {
            throw Errno.fail("bind " + what + " to source " + source.getHostAddress(), e.getErrorCode());
        }
    }

    /** IP_TTL, or IPV6_UNICAST_HOPS for IPv6. */
    void setTtl(int ttl) {
        if (v6) Sys.setsockopt(fd, Sys.IPPROTO_IPV6, Sys.IPV6_UNICAST_HOPS, ttl, "IPV6_UNICAST_HOPS " + ttl + " on " + what);
        else Sys.setsockopt(fd, Sys.IPPROTO_IP, Sys.IP_TTL, ttl, "IP_TTL " + ttl + " on " + what);
    }

    /** Sends one ICMP message; returns 0 or the errno the kernel gave. */
    int send(byte[] icmp, InetAddress to, int scopeId) {
        return send(icmp, SockAddr.inet(to, scopeId));
    }

    /** Sends one ICMP message to a sockaddr made by {@link SockAddr#inet}; returns 0 or the errno. */
    int send(byte[] icmp, byte[] sa) {
        try {
            LibC.sendto(fd, icmp, icmp.length, 0, sa, sa.length);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    boolean waitReadable(long millis) {
        return Poll.readable(fd, millis, what);
    }

    /** The next queued datagram, or null. */
    MessageReader receive() {
        return reader.read(fd, 0, what) ? reader : null;
    }

    boolean isV6() {
        return v6;
    }

    @Override
    public void close() {
        Sys.closeQuietly(fd);
    }

    /** "ping 192.0.2.1 in ns-1: connect: Network is unreachable (ENETUNREACH)". */
    static NshException failure(String target, Netns ns, String step, int errno) {
        return Errno.fail("ping " + target + " " + ns.where() + ": " + step, errno);
    }
}

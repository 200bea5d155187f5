package dev.nsh.packet.capture;

import dev.nsh.packet.*;

import dev.nsh.packet.filter.*;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.sys.Bytes;
import dev.nsh.sys.Errno;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;
import dev.nsh.error.KernelException;

import java.nio.ByteBuffer;

/**
 * An AF_PACKET socket on one interface, as libpcap opens it: created with protocol 0 (so it
 * receives nothing yet), the BPF program attached, and only then bound to sockaddr_ll(ETH_P_ALL,
 * ifindex); so no packet is ever queued unfiltered. On {@link Capture#ANY} it is libpcap's cooked socket:
 * SOCK_DGRAM (packets from the network header, the link layer in sockaddr_ll) bound to ifindex 0,
 * every interface of the namespace.
 */
final class PacketSocket implements AutoCloseable {
    /** {@code sll_pkttype} of a packet the host sent (PACKET_OUTGOING). */
    static final int PACKET_OUTGOING = 4;
    /**
     * The receive buffer asked for (the kernel doubles it and charges each queued packet its
     * sk_buff's true size, about 1 KB for a small frame). The default (net.core.rmem_default,
     * 208 KB, some 200 packets) overflows within a millisecond of a veth's 100,000+ packets a
     * second whenever the reader is not scheduled; 32 MiB holds tens of thousands of packets, as
     * tcpdump's 2 MiB ring (-B) holds some ten thousand small ones. Memory is only used while
     * packets wait.
     */
    static final int RECEIVE_BUFFER = 32 << 20;

    private final int fd;
    private final String what;
    private final MessageReader reader;
    private long received, dropped;

    private PacketSocket(int fd, String what, int snaplen) {
        this.fd = fd;
        this.what = what;
        this.reader = new MessageReader(snaplen);
    }

    static PacketSocket open(Netns ns, String dev, BpfProgram program, int snaplen) {
        String what = "packet socket on " + dev + " " + ns.where();
        boolean any = dev.equals(Capture.ANY);
        int ifindex = any ? 0 : LinkOps.index(ns, dev);
        int fd = ns.socket(Sys.AF_PACKET, (any ? Sys.SOCK_DGRAM : Sys.SOCK_RAW) | Sys.SOCK_CLOEXEC, 0, "packet " + ns.where());
        PacketSocket s = new PacketSocket(fd, what, snaplen);
        try {
            Memory[] fprog = program.sockFprog();
            try {
                LibC.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_ATTACH_FILTER, fprog[0], 16);
            } catch (LastErrorException e) {
                throw Errno.fail("attach filter to " + what, e.getErrorCode());
            }
            Sys.setsockopt(fd, Sys.SOL_SOCKET, MessageReader.SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS on " + what);
            // The wire length of a packet that snaplen: cut, as libpcap records it (pcap's orig_len).
            Sys.setsockopt(fd, Sys.SOL_PACKET, MessageReader.PACKET_AUXDATA, 1, "PACKET_AUXDATA on " + what);
            receiveBuffer(fd, what);
            byte[] sll = SockAddr.link(Sys.ETH_P_ALL, ifindex);
            try {
                LibC.bind(fd, sll, sll.length);
            } catch (LastErrorException e) {
                throw Errno.fail("bind " + what, e.getErrorCode());
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * SO_RCVBUFFORCE passes net.core.rmem_max but needs CAP_NET_ADMIN; a packet socket needs
     * only CAP_NET_RAW, and without CAP_NET_ADMIN SO_RCVBUF gets what rmem_max allows.
     */
    private static void receiveBuffer(int fd, String what) {
        try {
            Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_RCVBUFFORCE, RECEIVE_BUFFER, "SO_RCVBUFFORCE on " + what);
        } catch (KernelException e) {
            if (e.errno() != Errno.EPERM) throw e;
            Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_RCVBUF, RECEIVE_BUFFER, "SO_RCVBUF on " + what);
        }
    }

    boolean waitReadable(long millis) {
        return Poll.readable(fd, millis, what);
    }

    /** The next packet (MSG_TRUNC makes the length the packet's own, not what was copied), or null. */
    MessageReader receive() {
        return reader.read(fd, Sys.MSG_TRUNC, what) ? reader : null;
    }

    /**
     * PACKET_STATISTICS ({@code struct tpacket_stats { unsigned tp_packets, tp_drops; }}); the
     * kernel resets them on each read, so they are added up here. tp_packets counts drops too.
     */
    long[] statistics() {
        byte[] st = new byte[8];
        int[] len = {8};
        try {
            LibC.getsockopt(fd, Sys.SOL_PACKET, Sys.PACKET_STATISTICS, st, len);
        } catch (LastErrorException e) {
            throw Errno.fail("read PACKET_STATISTICS of " + what, e.getErrorCode());
        }
        ByteBuffer b = Bytes.wrap(st);
        received += Integer.toUnsignedLong(b.getInt(0));
        dropped += Integer.toUnsignedLong(b.getInt(4));
        return new long[] {received, dropped};
    }

    @Override
    public void close() {
        Sys.closeQuietly(fd);
    }
}

package dev.nsh.netlink;

import dev.nsh.error.KernelException;
import dev.nsh.error.NshException;
import dev.nsh.error.TimedOutException;
import dev.nsh.sys.Bytes;
import dev.nsh.sys.Errno;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import com.sun.jna.LastErrorException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An AF_NETLINK socket of one protocol. It belongs to the namespace of the thread that opened it
 * and is not thread-safe: nsh keeps one per namespace thread. Requests are acknowledged
 * (NLM_F_ACK) and errors carry the kernel's extended-ACK text; dumps are read until NLMSG_DONE
 * across as many reads as it takes, and retried when the kernel marks them NLM_F_DUMP_INTR.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int DUMP_RETRIES = 10;
    private static final java.util.concurrent.atomic.LongAdder SENT = new java.util.concurrent.atomic.LongAdder();
    private static final int BUFFER = 1 << 20;

    private final int fd;
    private final int port;
    private int seq = (int) (System.nanoTime() & 0xffffff);
    /** The receive buffer asked for so far (SO_RCVBUF at open). */
    private int rcvbuf = BUFFER;
    private final byte[] peek = new byte[Nl.HDRLEN];
    private boolean closed;

    private NetlinkSocket(int fd, int port) {
        this.fd = fd;
        this.port = port;
    }

    public static NetlinkSocket open(int protocol) {
        int fd = Sys.socket(Sys.AF_NETLINK, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, protocol, "netlink");
        try {
            Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_SNDBUF, 32768, "netlink SO_SNDBUF");
            Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_RCVBUF, BUFFER, "netlink SO_RCVBUF");
            Sys.setsockopt(fd, Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            Sys.setsockopt(fd, Nl.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            // Dumps filtered by the kernel (the addresses of one link, the routes of one table), as
            // iproute2 asks too; without it the kernel ignores the filter fields and sends everything.
            try {
                Sys.setsockopt(fd, Nl.SOL_NETLINK, Nl.NETLINK_GET_STRICT_CHK, 1, "NETLINK_GET_STRICT_CHK");
            } catch (KernelException e) {
                // a kernel older than 4.20: callers filter what they get
            }
            // A reply that never comes must not hang a namespace thread forever.
            byte[] tv = new byte[16];
            Bytes.wrap(tv).putLong(30).putLong(0);
            Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_RCVTIMEO, tv, "netlink SO_RCVTIMEO");
            byte[] sa = new byte[12];
            Bytes.wrap(sa).putShort((short) Sys.AF_NETLINK);
            LibC.bind(fd, sa, sa.length);
            int[] len = {sa.length};
            LibC.getsockname(fd, sa, len);
            return new NetlinkSocket(fd, Bytes.wrap(sa).getInt(4));
        } catch (LastErrorException e) {
            Sys.closeQuietly(fd);
            throw Errno.fail("bind netlink socket", e.getErrorCode());
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /**
     * How many requests all netlink sockets of this JVM have sent (each message of a batch
     * counts, as does each dump): for tests and benchmarks that count what a call costs.
     */
    public static long requestsSent() {
        return SENT.sum();
    }

    /** Sends a request with NLM_F_ACK and returns the replies before the ACK (none for most). */
    public List<Message> request(Request req) {
        int s = send(req, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK);
        List<Message> replies = new ArrayList<>();
        while (true) {
            for (Message m : receive()) {
                if (m.seq != s || m.port != port) continue;
                if (m.type == Nl.NLMSG_ERROR) {
                    NetlinkException e = error(m);
                    if (e != null) throw e;
                    return replies;
                }
                replies.add(m);
            }
        }
    }

    /**
     * Sends many requests (each with NLM_F_ACK) packed into few datagrams, so the kernel handles
     * a whole datagram per system call, and waits for every ACK. The kernel goes on after a failed
     * message; the failures come back by index into {@code reqs} (empty: all succeeded).
     */
    public java.util.Map<Integer, NetlinkException> requestBatch(List<Request> reqs) {
        java.util.Map<Integer, NetlinkException> failures = new java.util.TreeMap<>();
        int i = 0;
        while (i < reqs.size()) {
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            java.util.Map<Integer, Integer> pending = new java.util.HashMap<>();
            while (i < reqs.size()) {
                byte[] msg = reqs.get(i).bytes(seq + 1, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK);
                // Well under SO_SNDBUF (32 KiB), with room for the ACKs in the receive buffer.
                if (buf.size() > 0 && buf.size() + Nl.align(msg.length) > BATCH_BYTES) break;
                pending.put(++seq, i);
                SENT.increment();
                buf.write(msg, 0, msg.length);
                for (int pad = Nl.align(msg.length) - msg.length; pad > 0; pad--) buf.write(0);
                i++;
            }
            byte[] datagram = buf.toByteArray();
            try {
                LibC.send(fd, datagram, datagram.length, 0);
            } catch (LastErrorException e) {
                throw Errno.fail("send netlink requests", e.getErrorCode());
            }
            while (!pending.isEmpty()) {
                for (Message m : receive()) {
                    if (m.port != port || m.type != Nl.NLMSG_ERROR) continue;
                    Integer k = pending.remove(m.seq);
                    if (k == null) continue;
                    NetlinkException e = error(m);
                    if (e != null) failures.put(k, e);
                }
            }
        }
        return failures;
    }

    private static final int BATCH_BYTES = 8192;

    /**
     * An nfnetlink transaction: {@code begin} (NFNL_MSG_BATCH_BEGIN), {@code msgs}, {@code end}
     * (NFNL_MSG_BATCH_END) in one datagram, which the kernel applies all or nothing. Only the last
     * message asks for an ACK: the kernel answers every failing message with its error and the
     * last with its ACK, in order, so the reply is read up to that ACK and holds every failure
     * (empty: all applied). The send buffer is raised to fit the datagram, as nft does.
     */
    public java.util.Map<Integer, NetlinkException> transaction(Request begin, List<Request> msgs, Request end) {
        java.util.Map<Integer, NetlinkException> failures = new java.util.TreeMap<>();
        if (msgs.isEmpty()) return failures;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
        int beginSeq = ++seq;
        append(buf, begin.bytes(beginSeq, Nl.NLM_F_REQUEST));
        int last = 0;
        for (int i = 0; i < msgs.size(); i++) {
            last = ++seq;
            index.put(last, i);
            SENT.increment();
            append(buf, msgs.get(i).bytes(last, Nl.NLM_F_REQUEST | (i == msgs.size() - 1 ? Nl.NLM_F_ACK : 0)));
        }
        append(buf, end.bytes(++seq, Nl.NLM_F_REQUEST));
        byte[] datagram = buf.toByteArray();
        if (datagram.length > 16384) force(Sys.SO_SNDBUFFORCE, Sys.SO_SNDBUF, datagram.length);
        // Every refused message is answered with an error (a socket buffer's worth of accounting each,
        // about 1 KiB): room for all of them, or the replies overflow (ENOBUFS) and the ACK is lost.
        long replies = 1024L * msgs.size() + 65536;
        if (replies > rcvbuf) {
            rcvbuf = (int) Math.min(replies, Integer.MAX_VALUE / 2);
            force(Sys.SO_RCVBUFFORCE, Sys.SO_RCVBUF, rcvbuf);
        }
        try {
            LibC.send(fd, datagram, datagram.length, 0);
        } catch (LastErrorException e) {
            throw Errno.fail("send netlink transaction of " + msgs.size() + " messages", e.getErrorCode());
        }
        while (true) {
            for (Message m : receive()) {
                if (m.port != port || m.type != Nl.NLMSG_ERROR) continue;
                NetlinkException e = error(m);
                if (m.seq == beginSeq && e != null) throw e; // the transaction itself was refused
                Integer k = index.get(m.seq);
                if (k == null) continue;
                if (e != null) failures.put(k, e);
                if (m.seq == last) return failures;
            }
        }
    }

    /** A buffer size set past the sysctl limit where the caller may (root), else as far as the limit allows. */
    private void force(int forced, int plain, int bytes) {
        try {
            Sys.setsockopt(fd, Sys.SOL_SOCKET, forced, bytes, "netlink buffer size");
        } catch (KernelException e) {
            Sys.setsockopt(fd, Sys.SOL_SOCKET, plain, bytes, "netlink buffer size");
        }
    }

    private static void append(java.io.ByteArrayOutputStream buf, byte[] msg) {
        buf.write(msg, 0, msg.length);
        for (int pad = Nl.align(msg.length) - msg.length; pad > 0; pad--) buf.write(0);
    }

    /** Dumps every object the request selects; restarts when the kernel reports an interrupted dump. */
    public List<Message> dump(Request req) {
        for (int attempt = 0; ; attempt++) {
            int s = send(req, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP);
            List<Message> parts = new ArrayList<>();
            boolean interrupted = false, done = false;
            while (!done) {
                for (Message m : receive()) {
                    if (m.seq != s || m.port != port) continue;
                    if ((m.flags & Nl.NLM_F_DUMP_INTR) != 0) interrupted = true;
                    if (m.type == Nl.NLMSG_DONE) {
                        int err = m.payload().capacity() >= 4 ? m.payload().getInt(0) : 0;
                        if (err < 0) throw new NetlinkException(-err, null, -1);
                        done = true;
                        break;
                    }
                    if (m.type == Nl.NLMSG_ERROR) {
                        NetlinkException e = error(m);
                        if (e != null) throw e;
                        done = true;
                        break;
                    }
                    parts.add(m);
                }
            }
            if (!interrupted) return parts;
            if (attempt == DUMP_RETRIES) {
                throw new NshException("dump stayed inconsistent (NLM_F_DUMP_INTR) after " + DUMP_RETRIES + " retries");
            }
        }
    }

    private int send(Request req, int flags) {
        SENT.increment();
        int s = ++seq;
        byte[] msg = req.bytes(s, flags);
        try {
            LibC.send(fd, msg, msg.length, 0);
        } catch (LastErrorException e) {
            throw Errno.fail("send netlink request", e.getErrorCode());
        }
        return s;
    }

    /**
     * One datagram, which may hold many messages. Its size is asked first (MSG_PEEK|MSG_TRUNC into
     * a header-sized buffer), then it is read into an array of exactly that size: no socket keeps
     * a large buffer (one per namespace would add up), and an ACK costs no more than its bytes.
     */
    private List<Message> receive() {
        try {
            long n = LibC.recv(fd, peek, peek.length, Sys.MSG_PEEK | Sys.MSG_TRUNC);
            byte[] rx = new byte[(int) Math.max(n, Nl.HDRLEN)];
            n = LibC.recv(fd, rx, rx.length, 0);
            return Message.parseAll(rx, (int) n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) return List.of();
            if (e.getErrorCode() == Errno.EAGAIN) throw new TimedOutException("no reply from the kernel within 30 s", "netlink request", null);
            throw Errno.fail("receive netlink reply", e.getErrorCode());
        }
    }

    /** Null for an ACK (error 0), else the error with its extended-ACK attributes. Package-visible for the golden tests. */
    static NetlinkException error(Message m) {
        ByteBuffer p = m.payload();
        int err = p.getInt(0);
        if (err == 0) return null;
        String text = null;
        int offset = -1;
        if ((m.flags & Nl.NLM_F_ACK_TLVS) != 0) {
            int echoed = (m.flags & Nl.NLM_F_CAPPED) != 0 ? Nl.HDRLEN : p.getInt(4);
            Attrs tlv = new Attrs(p, 4 + Nl.align(echoed), p.capacity(), NlmsgErr.class);
            text = tlv.string(NlmsgErr.MSG);
            offset = (int) tlv.u32(NlmsgErr.OFFS, -1);
        }
        return new NetlinkException(-err, text, offset);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Sys.closeQuietly(fd);
    }
}

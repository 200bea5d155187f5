package dev.nsh.packet;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.nsh.sys.Errno;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;


/**
 * recvmsg(2) with the buffers it needs, kept for the life of a socket: the datagram, the sender's
 * address, and the control messages that carry the kernel's receive time (SO_TIMESTAMPNS), the
 * IPv6 hop limit (IPV6_RECVHOPLIMIT) and a packet socket's wire length (PACKET_AUXDATA). Layouts are those of 64-bit Linux:
 * {@code struct msghdr} 56 bytes, {@code struct iovec} 16, {@code struct cmsghdr} 16.
 */
public final class MessageReader {
    public static final int SO_TIMESTAMPNS = 35, SCM_TIMESTAMPNS = 35;
    /** {@code <linux/if_packet.h>}: struct tpacket_auxdata { u32 tp_status, tp_len, tp_snaplen; ... }. */
    public static final int PACKET_AUXDATA = 8;
    private static final int TP_STATUS_VLAN_VALID = 0x10, TP_STATUS_VLAN_TPID_VALID = 0x40;
    private static final int NAME_SIZE = 128, CONTROL_SIZE = 256;

    private final int capacity;
    private final Memory data, name = new Memory(NAME_SIZE), control = new Memory(CONTROL_SIZE);
    private final Memory iov = new Memory(16), msg = new Memory(56);

    private int length, nameLength, flags;
    private long kernelTimeNanos;
    private int hopLimit;
    private int wireLength;
    private long vlanTag;

    public MessageReader(int capacity) {
        this.capacity = capacity;
        this.data = new Memory(capacity);
        iov.setPointer(0, data);
        iov.setLong(8, capacity);
    }

    /**
     * Reads one datagram without waiting. Returns false when none is queued (EAGAIN); {@code
     * what} names the socket in errors.
     */
    public boolean read(int fd, int extraFlags, String what) {
        msg.clear();
        msg.setPointer(0, name);
        msg.setInt(8, NAME_SIZE);
        msg.setPointer(16, iov);
        msg.setLong(24, 1);
        msg.setPointer(32, control);
        msg.setLong(40, CONTROL_SIZE);
        long n;
        try {
            n = LibC.recvmsg(fd, msg, Sys.MSG_DONTWAIT | extraFlags);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN || e.getErrorCode() == Errno.EINTR) return false;
            throw Errno.fail("receive on " + what, e.getErrorCode());
        }
        length = (int) n;
        nameLength = msg.getInt(8);
        flags = msg.getInt(48);
        parseControl((int) msg.getLong(40));
        return true;
    }

    private void parseControl(int controlLength) {
        kernelTimeNanos = -1;
        hopLimit = -1;
        wireLength = -1;
        vlanTag = -1;
        int at = 0;
        while (at + 16 <= controlLength) {
            long len = control.getLong(at);
            int level = control.getInt(at + 8), type = control.getInt(at + 12);
            if (len < 16) break;
            if (level == Sys.SOL_SOCKET && type == SCM_TIMESTAMPNS) {
                kernelTimeNanos = control.getLong(at + 16) * 1_000_000_000L + control.getLong(at + 24);
            } else if (level == Sys.IPPROTO_IPV6 && type == Sys.IPV6_HOPLIMIT) {
                hopLimit = control.getInt(at + 16);
            } else if (level == Sys.SOL_PACKET && type == PACKET_AUXDATA) {
                // struct tpacket_auxdata: tp_status, tp_len, tp_snaplen, tp_mac, tp_net, tp_vlan_tci, tp_vlan_tpid
                int status = control.getInt(at + 16);
                wireLength = control.getInt(at + 16 + 4);
                int tci = control.getShort(at + 16 + 16) & 0xFFFF, tpid = control.getShort(at + 16 + 18) & 0xFFFF;
                if (tci != 0 || (status & TP_STATUS_VLAN_VALID) != 0) { // libpcap's VLAN_VALID
                    vlanTag = (long) ((status & TP_STATUS_VLAN_TPID_VALID) != 0 && tpid != 0 ? tpid : 0x8100) << 16 | tci;
                }
            }
            at += (int) ((len + 7) & ~7L);
        }
    }

    /** The bytes read (at most the capacity; {@link #length()} may be more with MSG_TRUNC). */
    public byte[] data() {
        return data.getByteArray(0, Math.min(length, capacity));
    }

    /**
     * The datagram's length: with MSG_TRUNC its own, not what was copied; on a packet socket with
     * PACKET_AUXDATA the length it had on the wire, before a filter's snap length cut it
     * (packet_rcv trims the skb to the filter's return value; tp_len is its length before).
     */
    public int length() {
        if (wireLength > length) return wireLength;
        return length;
    }

    public int flags() {
        return flags;
    }

    public byte[] name() {
        return name.getByteArray(0, Math.min(nameLength, NAME_SIZE));
    }

    /** The kernel's receive time in nanoseconds since the epoch, or -1 if it sent none. */
    public long kernelTimeNanos() {
        return kernelTimeNanos;
    }

    /**
     * On a packet socket with PACKET_AUXDATA, the VLAN tag the kernel took out of the frame (a
     * veth or a NIC that strips it on receive): its TPID in the high 16 bits and its TCI in the
     * low, or -1 when the frame had none outside it.
     */
    public long vlanTag() {
        return vlanTag;
    }

    /** The IPv6 hop limit of the datagram, or -1. */
    public int hopLimit() {
        return hopLimit;
    }
}

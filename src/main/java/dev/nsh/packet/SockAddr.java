package dev.nsh.packet;

import dev.nsh.sys.Sys;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The socket addresses of netinet/in.h and linux/if_packet.h as bytes: the family in native
 * order, ports and EtherTypes in network order.
 */
public final class SockAddr {
    private SockAddr() {}

    /** {@code struct sockaddr_in} (16 bytes) or {@code struct sockaddr_in6} (28 bytes, with a scope id). */
    public static byte[] inet(InetAddress a, int scopeId) {
        if (a instanceof Inet4Address) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            b.putShort((short) Sys.AF_INET).putShort((short) 0).put(a.getAddress());
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.putShort((short) Sys.AF_INET6).putShort((short) 0).putInt(0).put(a.getAddress()).putInt(scopeId);
        return b.array();
    }

    /** The address in a {@code sockaddr_in}/{@code sockaddr_in6} that recvmsg filled in. */
    public static InetAddress decode(byte[] b, int len) {
        int family = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getShort(0);
        try {
            if (family == Sys.AF_INET && len >= 8) return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 4, 8));
            if (family == Sys.AF_INET6 && len >= 24) return Inet6Address.getByAddress(java.util.Arrays.copyOfRange(b, 8, 24));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    /** {@code struct sockaddr_ll} (20 bytes) for binding a packet socket to one interface. */
    public static byte[] link(int etherType, int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        b.putShort((short) Sys.AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) etherType);
        b.order(ByteOrder.nativeOrder()).putInt(ifindex);
        return b.array();
    }
}

package dev.nsh.packet;

import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Hand-made Ethernet frames put on a link of a namespace through a packet socket: what no stack would send. */
public final class RawFrames {
    private RawFrames() {}

    /** Sends {@code frame} (from its Ethernet header on) out of {@code dev} in {@code ns}. */
    public static void send(Netns ns, String dev, byte[] frame) {
        int ifindex = LinkOps.index(ns, dev);
        ns.onThread(() -> {
            int fd = Sys.socket(Sys.AF_PACKET, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, 0, "test packet socket");
            try {
                // struct sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen, addr[8]
                byte[] sll = new byte[20];
                ByteBuffer b = ByteBuffer.wrap(sll).order(ByteOrder.nativeOrder());
                b.putShort((short) Sys.AF_PACKET);
                b.order(ByteOrder.BIG_ENDIAN).putShort((short) Sys.ETH_P_ALL);
                b.order(ByteOrder.nativeOrder()).putInt(ifindex);
                LibC.sendto(fd, frame, frame.length, 0, sll, sll.length);
            } finally {
                Sys.closeQuietly(fd);
            }
            return null;
        });
    }

    /** An Ethernet frame carrying an IPv4 packet with a correct header checksum. */
    public static byte[] ipv4(String dstMac, String srcMac, int proto, String src, String dst, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + payload.length);
        b.put(mac(dstMac)).put(mac(srcMac)).putShort((short) 0x800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putInt(0)
                .put((byte) 64).put((byte) proto).putShort((short) 0)
                .put(Cidr.parseAddress(src, src).getAddress()).put(Cidr.parseAddress(dst, dst).getAddress());
        b.put(payload);
        byte[] f = b.array();
        int sum = Checksum.of(f, 14, 20);
        f[24] = (byte) (sum >> 8);
        f[25] = (byte) sum;
        return f;
    }

    /** An ICMP echo reply (type 0) with a correct checksum. */
    public static byte[] echoReply(int id, int seq, byte[] data) {
        byte[] p = new byte[8 + data.length];
        ByteBuffer.wrap(p).put((byte) 0).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(data);
        int sum = Checksum.of(p, 0, p.length);
        p[2] = (byte) (sum >> 8);
        p[3] = (byte) sum;
        return p;
    }

    private static byte[] mac(String mac) {
        return HexFormat.ofDelimiter(":").parseHex(mac);
    }
}

package dev.nsh.packet;

import dev.nsh.model.Cidr;

import java.nio.ByteBuffer;

/** Hand-made Ethernet frames for tests that need no kernel. */
public final class Frames {
    private Frames() {}

    public static byte[] ipv4(int proto, String src, String dst, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + payload.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putInt(0)
                .put((byte) 64).put((byte) proto).putShort((short) 0)
                .put(Cidr.parseAddress(src, src).getAddress()).put(Cidr.parseAddress(dst, dst).getAddress());
        b.put(payload);
        return b.array();
    }

    public static byte[] ports(int src, int dst) {
        return ByteBuffer.allocate(8).putShort((short) src).putShort((short) dst).putShort((short) 8).array();
    }
}

package dev.nsh.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Native-order byte helpers for the few fixed C structs outside netlink (sockaddr, timeval). */
public final class Bytes {
    private Bytes() {}

    public static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    public static byte[] ofInt(int v) {
        byte[] b = new byte[4];
        wrap(b).putInt(v);
        return b;
    }
}

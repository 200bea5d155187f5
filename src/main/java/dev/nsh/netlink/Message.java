package dev.nsh.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One received netlink message: its nlmsghdr fields, then a fixed struct and attributes read
 * through the schema the caller names (the message type alone does not say which).
 */
public final class Message {
    public final int type, flags, seq, port;
    private final ByteBuffer buf;

    Message(int type, int flags, int seq, int port, byte[] body) {
        this.type = type;
        this.flags = flags;
        this.seq = seq;
        this.port = port;
        this.buf = ByteBuffer.wrap(body).order(ByteOrder.nativeOrder());
    }

    /** Decodes a buffer holding one or more messages (for golden tests and the dump reader). */
    public static java.util.List<Message> parseAll(byte[] data, int length) {
        ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        java.util.List<Message> out = new java.util.ArrayList<>();
        int p = 0;
        while (p + Nl.HDRLEN <= length) {
            int len = b.getInt(p);
            if (len < Nl.HDRLEN || p + len > length) break;
            out.add(new Message(Short.toUnsignedInt(b.getShort(p + 4)), Short.toUnsignedInt(b.getShort(p + 6)),
                    b.getInt(p + 8), b.getInt(p + 12), Arrays.copyOfRange(data, p + Nl.HDRLEN, p + len)));
            p += Nl.align(len);
        }
        return out;
    }

    /** A field of the fixed struct at the start of the payload. */
    public long get(Field f) {
        Layout l = Layout.of(f.getClass().isEnum() ? f.getClass().asSubclass(Field.class)
                : f.getClass().getSuperclass().asSubclass(Field.class));
        int at = l.offset(f);
        if (at + f.codec().size > buf.capacity()) return 0;
        return Struct.read(buf, at, f);
    }

    /** The attributes that follow the fixed struct {@code header}. */
    public Attrs attrs(Class<? extends Field> header, Class<? extends AttrType> set) {
        int from = Nl.align(Layout.of(header).size());
        return new Attrs(buf, Math.min(from, buf.capacity()), buf.capacity(), set);
    }

    ByteBuffer payload() {
        return buf;
    }
}

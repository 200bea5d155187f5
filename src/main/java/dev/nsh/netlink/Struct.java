package dev.nsh.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A fixed C struct as an attribute's payload (tc's {@code tc_netem_rate}, {@code tc_mirred} ...),
 * built and read through its {@link Field} enum and {@link Layout}, so no offset is counted by
 * hand here either: {@code Struct.of(NetemRate.class).set(NetemRate.RATE, 1250000).bytes()}.
 */
public final class Struct {
    private final Layout layout;
    private final ByteBuffer buf;

    private Struct(Layout layout, ByteBuffer buf) {
        this.layout = layout;
        this.buf = buf;
    }

    /** A zeroed struct. */
    public static Struct of(Class<? extends Field> type) {
        Layout l = Layout.of(type);
        return new Struct(l, ByteBuffer.allocate(l.size()).order(ByteOrder.nativeOrder()));
    }

    /** The struct at the start of {@code bytes} (missing tail bytes read as 0, as the kernel pads short structs). */
    public static Struct read(Class<? extends Field> type, byte[] bytes, int from) {
        Layout l = Layout.of(type);
        byte[] copy = new byte[l.size()];
        if (bytes != null && from < bytes.length) System.arraycopy(bytes, from, copy, 0, Math.min(copy.length, bytes.length - from));
        return new Struct(l, ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
    }

    public static int size(Class<? extends Field> type) {
        return Layout.of(type).size();
    }

    public Struct set(Field f, long value) {
        write(buf, layout.offset(f), f, value);
        return this;
    }

    public long get(Field f) {
        return read(buf, layout.offset(f), f);
    }

    /** Writes field {@code f} at {@code at} by its codec: the one place a struct field is encoded (Request's headers too). */
    static void write(ByteBuffer buf, int at, Field f, long value) {
        switch (f.codec()) {
            case U8 -> buf.put(at, (byte) value);
            case U16 -> buf.putShort(at, (short) value);
            case U32, S32 -> buf.putInt(at, (int) value);
            case U64 -> buf.putLong(at, value);
            case BE16 -> buf.putShort(at, Short.reverseBytes((short) value));
            default -> throw new IllegalArgumentException(f + " has codec " + f.codec());
        }
    }

    /** Reads field {@code f} at {@code at} by its codec: the one place a struct field is decoded (Message's headers too). */
    static long read(ByteBuffer buf, int at, Field f) {
        return switch (f.codec()) {
            case U8 -> Byte.toUnsignedInt(buf.get(at));
            case U16 -> Short.toUnsignedInt(buf.getShort(at));
            case U32 -> Integer.toUnsignedLong(buf.getInt(at));
            case S32 -> buf.getInt(at);
            case U64 -> buf.getLong(at);
            case BE16 -> Short.toUnsignedInt(Short.reverseBytes(buf.getShort(at)));
            default -> throw new IllegalArgumentException(f + " has codec " + f.codec());
        };
    }

    public byte[] bytes() {
        return buf.array().clone();
    }

    /** The attributes of {@code set} in {@code bytes} from {@code from} on (netem's TCA_OPTIONS after its struct). */
    public static Attrs attrsAfter(byte[] bytes, int from, Class<? extends AttrType> set) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        return new Attrs(b, Math.min(Nl.align(from), bytes.length), bytes.length, set);
    }
}

package dev.nsh.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink message: the nlmsghdr, a fixed struct, and a tree of attributes, each
 * encoded by the codec its schema declares. Reads like the wire format:
 *
 * <pre>
 * Request.of(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL)
 *     .header(IfInfoMsg.class)
 *     .attr(Ifla.IFNAME, "veth-1")
 *     .begin(Ifla.LINKINFO).attr(IflaInfo.KIND, "veth")
 *         .begin(IflaInfo.DATA).begin(VethInfo.PEER).header(IfInfoMsg.class).attr(Ifla.IFNAME, "veth-2")
 *         .end().end()
 *     .end();
 * </pre>
 *
 * The sequence number and NLM_F_REQUEST|NLM_F_ACK are filled in by {@link NetlinkSocket}.
 */
public final class Request {
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> open = new ArrayDeque<>();
    private int structAt = -1;
    private Layout struct;
    private final int type;

    private Request(int type, int flags) {
        this.type = type;
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    public static Request of(int type, int flags) {
        return new Request(type, flags);
    }

    public int type() {
        return type;
    }

    /** Appends a zeroed fixed struct; {@link #set} fills its fields. */
    public Request header(Class<? extends Field> structType) {
        struct = Layout.of(structType);
        pad();
        structAt = buf.position();
        ensure(struct.size());
        buf.put(new byte[struct.size()]);
        return this;
    }

    /** Sets a field of the struct appended last. */
    public Request set(Field field, long value) {
        if (struct == null || struct.fields()[field.ordinal()] != field) {
            throw new IllegalStateException("no " + field.getClass().getSimpleName() + " header to set " + field);
        }
        Struct.write(buf, structAt + struct.offset(field), field, value);
        return this;
    }

    /** Appends an attribute, encoding {@code value} with the attribute's codec. */
    public Request attr(AttrType t, Object value) {
        byte[] payload = encode(t, value);
        pad();
        ensure(4 + payload.length + 3);
        buf.putShort((short) (4 + payload.length)).putShort((short) t.id()).put(payload);
        return this;
    }

    /** Opens a nested attribute; close it with {@link #end}. */
    public Request begin(AttrType t) {
        if (t.codec() != Codec.NESTED) throw new IllegalArgumentException(t + " is not nested");
        pad();
        open.push(buf.position());
        ensure(4);
        buf.putShort((short) 0).putShort((short) (t.id() | (t.nestedFlag() ? Nl.NLA_F_NESTED : 0)));
        return this;
    }

    /** Appends an empty nested attribute (an expression with no data, such as {@code counter}'s before it has counted). */
    public Request empty(AttrType t) {
        return begin(t).end();
    }

    public Request end() {
        int at = open.pop();
        buf.putShort(at, (short) (buf.position() - at));
        return this;
    }

    /** The finished message with the given sequence number and extra flags. */
    public byte[] bytes(int seq, int extraFlags) {
        if (!open.isEmpty()) throw new IllegalStateException("unclosed nested attribute");
        byte[] out = Arrays.copyOf(buf.array(), buf.position());
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
        b.putInt(0, out.length);
        b.putShort(6, (short) (b.getShort(6) | extraFlags));
        b.putInt(8, seq);
        return out;
    }

    static byte[] encode(AttrType t, Object v) {
        return switch (t.codec()) {
            case U8 -> new byte[] {((Number) v).byteValue()};
            case U16 -> ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort(((Number) v).shortValue()).array();
            case BE16 -> ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN).putShort(((Number) v).shortValue()).array();
            case BE32 -> ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(((Number) v).intValue()).array();
            case BE64 -> ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putLong(((Number) v).longValue()).array();
            case U32, S32 -> ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(((Number) v).intValue()).array();
            case U64 -> ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(((Number) v).longValue()).array();
            case STRING -> {
                byte[] s = ((String) v).getBytes(StandardCharsets.UTF_8);
                yield Arrays.copyOf(s, s.length + 1);
            }
            case IPADDR -> ((InetAddress) v).getAddress();
            case MAC, BYTES -> (byte[]) v;
            case FLAG -> new byte[0];
            case NESTED -> throw new IllegalArgumentException(t + " is nested: use begin/end");
        };
    }

    private void pad() {
        int p = Nl.align(buf.position());
        ensure(p - buf.position());
        while (buf.position() < p) buf.put((byte) 0);
    }

    private void ensure(int more) {
        if (buf.remaining() >= more) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                .order(ByteOrder.nativeOrder());
        bigger.put(buf.array(), 0, buf.position());
        buf = bigger;
    }
}

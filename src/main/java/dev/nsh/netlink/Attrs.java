package dev.nsh.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoded run of attributes of one set, over the received bytes (nothing is copied until a
 * getter is called). Getters take the schema constant, so a wrong set fails loudly.
 */
public final class Attrs {
    private final ByteBuffer buf;
    private final Class<? extends AttrType> set;
    private final Map<Integer, int[]> at = new LinkedHashMap<>();
    /** Every attribute in order, repeated ones too (type, offset, length): a list's elements. */
    private final java.util.List<int[]> all = new java.util.ArrayList<>();

    Attrs(ByteBuffer buf, int from, int to, Class<? extends AttrType> set) {
        this.buf = buf;
        this.set = set;
        int p = from;
        while (p + 4 <= to) {
            int len = Short.toUnsignedInt(buf.getShort(p));
            int type = buf.getShort(p + 2) & Nl.NLA_TYPE_MASK;
            if (len < 4 || p + len > to) break;
            at.put(type, new int[] {p + 4, len - 4});
            all.add(new int[] {type, p + 4, len - 4});
            p += Nl.align(len);
        }
    }

    public boolean has(AttrType t) {
        check(t);
        return at.containsKey(t.id());
    }

    public String string(AttrType t) {
        int[] a = slot(t);
        if (a == null) return null;
        int n = a[1];
        while (n > 0 && buf.get(a[0] + n - 1) == 0) n--;
        byte[] b = new byte[n];
        buf.get(a[0], b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public int u8(AttrType t, int dflt) {
        int[] a = slot(t);
        return a == null || a[1] < 1 ? dflt : Byte.toUnsignedInt(buf.get(a[0]));
    }

    public long u32(AttrType t, long dflt) {
        int[] a = slot(t);
        return a == null || a[1] < 4 ? dflt : Integer.toUnsignedLong(buf.getInt(a[0]));
    }

    public int s32(AttrType t, int dflt) {
        int[] a = slot(t);
        return a == null || a[1] < 4 ? dflt : buf.getInt(a[0]);
    }

    /** A network-order u32 (as nf_tables sends integers), or {@code dflt}. */
    public long be32(AttrType t, long dflt) {
        int[] a = slot(t);
        return a == null || a[1] < 4 ? dflt : Integer.toUnsignedLong(Integer.reverseBytes(buf.getInt(a[0])));
    }

    /** A network-order u64, or {@code dflt}. */
    public long be64(AttrType t, long dflt) {
        int[] a = slot(t);
        return a == null || a[1] < 8 ? dflt : Long.reverseBytes(buf.getLong(a[0]));
    }

    /** Every occurrence of the nested attribute {@code t} (a list's NFTA_LIST_ELEM), read as {@code childSet}, in order. */
    public java.util.List<Attrs> nestedAll(AttrType t, Class<? extends AttrType> childSet) {
        check(t);
        java.util.List<Attrs> out = new java.util.ArrayList<>();
        for (int[] a : all) if (a[0] == t.id()) out.add(new Attrs(buf, a[1], a[1] + a[2], childSet));
        return out;
    }

    public byte[] bytes(AttrType t) {
        int[] a = slot(t);
        if (a == null) return null;
        byte[] b = new byte[a[1]];
        buf.get(a[0], b);
        return b;
    }

    public InetAddress ip(AttrType t) {
        byte[] b = bytes(t);
        if (b == null || (b.length != 4 && b.length != 16)) return null;
        try {
            // 16 bytes stay IPv6 even when IPv4-mapped (InetAddress.getByAddress would return IPv4).
            if (b.length == 16) return java.net.Inet6Address.getByAddress(null, b, -1);
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public String mac(AttrType t) {
        byte[] b = bytes(t);
        return b == null ? null : Mac.format(b);
    }

    /** The children of a nested attribute, in the set its schema declares; null if absent. */
    public Attrs nested(AttrType t) {
        Class<? extends AttrType> set = t.children(this);
        return set == null ? null : nested(t, set);
    }

    /** The children of a nested attribute read as {@code childSet} (kind-dependent payloads). */
    public Attrs nested(AttrType t, Class<? extends AttrType> childSet) {
        int[] a = slot(t);
        if (a == null) return null;
        int from = a[0];
        if (t.childHeader() != null) from += Layout.of(t.childHeader()).size();
        return new Attrs(buf, from, a[0] + a[1], childSet);
    }

    /** Every attribute, decoded by its schema's codec; unknown ids appear as "#id" with hex. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        AttrType[] known = set.getEnumConstants();
        for (var e : at.entrySet()) {
            AttrType t = null;
            for (AttrType k : known) if (k.id() == e.getKey()) t = k;
            if (t == null) {
                byte[] b = new byte[e.getValue()[1]];
                buf.get(e.getValue()[0], b);
                out.put("#" + e.getKey(), HexFormat.of().formatHex(b));
                continue;
            }
            out.put(t.name(), switch (t.codec()) {
                case U8 -> u8(t, 0);
                case U16 -> Short.toUnsignedInt(buf.getShort(e.getValue()[0]));
                case BE16 -> Short.toUnsignedInt(Short.reverseBytes(buf.getShort(e.getValue()[0])));
                case U32 -> u32(t, 0);
                case S32 -> s32(t, 0);
                case U64 -> e.getValue()[1] < 8 ? 0L : buf.getLong(e.getValue()[0]);
                case BE32 -> be32(t, 0);
                case BE64 -> be64(t, 0);
                case STRING -> string(t);
                case IPADDR -> {
                    InetAddress ip = ip(t);
                    yield ip == null ? HexFormat.of().formatHex(bytes(t)) : ip.getHostAddress();
                }
                case MAC -> mac(t);
                case FLAG -> true;
                case BYTES -> HexFormat.of().formatHex(bytes(t));
                case NESTED -> t.children(this) == null ? HexFormat.of().formatHex(bytes(t)) : nested(t).toMap();
            });
        }
        return out;
    }

    private int[] slot(AttrType t) {
        check(t);
        return at.get(t.id());
    }

    private void check(AttrType t) {
        if (t.getClass() != set && t.getClass().getDeclaringClass() != set) {
            throw new IllegalArgumentException(t + " is not in " + set.getSimpleName());
        }
    }
}

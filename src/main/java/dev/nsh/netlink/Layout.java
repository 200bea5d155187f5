package dev.nsh.netlink;

import java.util.concurrent.ConcurrentHashMap;

/** Offsets and size of a fixed struct, derived from its {@link Field} enum with C alignment. */
public final class Layout {
    private static final ConcurrentHashMap<Class<?>, Layout> CACHE = new ConcurrentHashMap<>();

    private final Field[] fields;
    private final int[] offsets;
    private final int size;

    private Layout(Field[] fields) {
        this.fields = fields;
        this.offsets = new int[fields.length];
        int at = 0, maxAlign = 1;
        for (int i = 0; i < fields.length; i++) {
            int w = fields[i].codec().size;
            at = (at + w - 1) / w * w;
            offsets[i] = at;
            at += w;
            maxAlign = Math.max(maxAlign, w);
        }
        this.size = (at + maxAlign - 1) / maxAlign * maxAlign;
    }

    public static Layout of(Class<? extends Field> struct) {
        return CACHE.computeIfAbsent(struct, c -> new Layout((Field[]) c.getEnumConstants()));
    }

    public int offset(Field f) {
        return offsets[f.ordinal()];
    }

    public int size() {
        return size;
    }

    public Field[] fields() {
        return fields;
    }
}

package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Codec;

/** {@code enum TCA_*} of {@code <linux/rtnetlink.h>}: a qdisc's or filter's attributes. TCA_OPTIONS depends on TCA_KIND: attributes for tbf ({@link Tbf}) and u32 ({@link U32}); netem's starts with a struct ({@link NetemQopt}) and is read as bytes; clsact has none. */
public enum Tca implements AttrType {
    KIND(1, Codec.STRING), OPTIONS(2, Codec.NESTED), STATS(3, Codec.BYTES), XSTATS(4, Codec.BYTES), RATE(5, Codec.BYTES), FCNT(6, Codec.BYTES), STATS2(7, Codec.BYTES), STAB(8, Codec.BYTES), PAD(9, Codec.BYTES), DUMP_INVISIBLE(10, Codec.FLAG), CHAIN(11, Codec.U32), HW_OFFLOAD(12, Codec.U8), INGRESS_BLOCK(13, Codec.U32), EGRESS_BLOCK(14, Codec.U32);

    private final int id;
    private final Codec codec;

    Tca(int id, Codec codec) {
        this.id = id;
        this.codec = codec;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public Codec codec() {
        return codec;
    }

    /** TCA_OPTIONS as {@link Tbf} or {@link U32} by TCA_KIND; netem's and other kinds' stay bytes. */
    @Override
    public Class<? extends AttrType> children(Attrs siblings) {
        if (this != OPTIONS) return null;
        String kind = siblings.string(KIND);
        return "tbf".equals(kind) ? Tbf.class : "u32".equals(kind) ? U32.class : null;
    }
}

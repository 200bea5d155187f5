package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum TCA_U32_*} of {@code <linux/pkt_cls.h>}: SEL is a {@link U32Sel} followed by its {@link U32Key}s; ACT a list of actions ({@link ActList}). */
public enum U32 implements AttrType {
    CLASSID(1, Codec.U32), HASH(2, Codec.U32), LINK(3, Codec.U32), DIVISOR(4, Codec.U32), SEL(5, Codec.BYTES), POLICE(6, Codec.BYTES), ACT(7, Codec.NESTED), INDEV(8, Codec.STRING), PCNT(9, Codec.BYTES), MARK(10, Codec.BYTES), FLAGS(11, Codec.U32);

    private final int id;
    private final Codec codec;

    U32(int id, Codec codec) {
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

    @Override
    public Class<? extends AttrType> children() {
        return this == ACT ? ActList.class : null;
    }
}

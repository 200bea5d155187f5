package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Codec;

/** {@code enum TCA_ACT_*} of {@code <linux/pkt_cls.h>}: one action; OPTIONS by KIND ({@link Mirred} for mirred), sent with NLA_F_NESTED as tc sends it. */
public enum TcaAct implements AttrType {
    KIND(1, Codec.STRING), OPTIONS(2, Codec.NESTED), INDEX(3, Codec.U32), STATS(4, Codec.BYTES), PAD(5, Codec.BYTES), COOKIE(6, Codec.BYTES);

    private final int id;
    private final Codec codec;

    TcaAct(int id, Codec codec) {
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
    public Class<? extends AttrType> children(Attrs siblings) {
        return this == OPTIONS && "mirred".equals(siblings.string(KIND)) ? Mirred.class : null;
    }

    @Override
    public boolean nestedFlag() {
        return this == OPTIONS;
    }
}

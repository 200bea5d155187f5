package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum TCA_TBF_*} of {@code <linux/pkt_sched.h>}: PARMS is a {@link TbfQopt}; BURST (bytes) makes the kernel derive the bucket from it, so no rate table (RTAB) is needed with a link-layer-aware ratespec. */
public enum Tbf implements AttrType {
    PARMS(1, Codec.BYTES), RTAB(2, Codec.BYTES), PTAB(3, Codec.BYTES), RATE64(4, Codec.U64), PRATE64(5, Codec.U64), BURST(6, Codec.U32), PBURST(7, Codec.U32), PAD(8, Codec.BYTES);

    private final int id;
    private final Codec codec;

    Tbf(int id, Codec codec) {
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
}

package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum TCA_MIRRED_*} of {@code <linux/tc_act/tc_mirred.h>}: PARMS is a {@link MirredParms}. */
public enum Mirred implements AttrType {
    TM(1, Codec.BYTES), PARMS(2, Codec.BYTES), PAD(3, Codec.BYTES);

    private final int id;
    private final Codec codec;

    Mirred(int id, Codec codec) {
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

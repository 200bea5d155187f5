package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum NETEM_LOSS_*} of {@code <linux/pkt_sched.h>}, inside TCA_NETEM_LOSS: GI a {@link NetemGiModel} (4 states), GE a {@link NetemGeModel} (Gilbert-Elliott). */
public enum NetemLoss implements AttrType {
    GI(1, Codec.BYTES), GE(2, Codec.BYTES);

    private final int id;
    private final Codec codec;

    NetemLoss(int id, Codec codec) {
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

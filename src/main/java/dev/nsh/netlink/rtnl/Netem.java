package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum TCA_NETEM_*} of {@code <linux/pkt_sched.h>}, after the {@link NetemQopt} in netem's TCA_OPTIONS: REORDER and CORRUPT are {@link NetemProb}, CORR a {@link NetemCorr}, RATE a {@link NetemRate}, LOSS a nest of one {@link NetemLoss} model (sent with NLA_F_NESTED, as tc sends it); LATENCY64 and JITTER64 in ns (signed), RATE64 in bytes/s. */
public enum Netem implements AttrType {
    CORR(1, Codec.BYTES), DELAY_DIST(2, Codec.BYTES), REORDER(3, Codec.BYTES), CORRUPT(4, Codec.BYTES), LOSS(5, Codec.NESTED), RATE(6, Codec.BYTES), ECN(7, Codec.U32), RATE64(8, Codec.U64), PAD(9, Codec.BYTES), LATENCY64(10, Codec.U64), JITTER64(11, Codec.U64), SLOT(12, Codec.BYTES), SLOT_DIST(13, Codec.BYTES), PRNG_SEED(14, Codec.U64);

    private final int id;
    private final Codec codec;

    Netem(int id, Codec codec) {
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
        return this == LOSS ? NetemLoss.class : null;
    }

    @Override
    public boolean nestedFlag() {
        return this == LOSS;
    }
}

package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_netem_corr { __u32 delay_corr; __u32 loss_corr; __u32 dup_corr; };}: each a fraction of 2^32-1, as netem's probabilities. */
public enum NetemCorr implements Field {
    DELAY(Codec.U32), LOSS(Codec.U32), DUPLICATE(Codec.U32);

    private final Codec codec;

    NetemCorr(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

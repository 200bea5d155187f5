package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_netem_reorder} and {@code struct tc_netem_corrupt}: {@code { __u32 probability; __u32 correlation; }}. */
public enum NetemProb implements Field {
    PROBABILITY(Codec.U32), CORRELATION(Codec.U32);

    private final Codec codec;

    NetemProb(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

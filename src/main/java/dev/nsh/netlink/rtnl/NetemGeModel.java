package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_netem_gemodel { __u32 p; __u32 r; __u32 h; __u32 k1; };}: Gilbert-Elliott, fractions of 2^32-1; h is the chance of no loss in the bad state (tc takes 1-h), k1 the chance of loss in the good one (tc's 1-k). */
public enum NetemGeModel implements Field {
    P(Codec.U32), R(Codec.U32), H(Codec.U32), K1(Codec.U32);

    private final Codec codec;

    NetemGeModel(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

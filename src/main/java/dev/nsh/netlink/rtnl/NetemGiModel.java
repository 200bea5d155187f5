package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_netem_gimodel { __u32 p13; __u32 p31; __u32 p32; __u32 p14; __u32 p23; };}: the 4-state model's transitions, fractions of 2^32-1 (tc's words name them in another order: p13 p31 p32 p23 p14). */
public enum NetemGiModel implements Field {
    P13(Codec.U32), P31(Codec.U32), P32(Codec.U32), P14(Codec.U32), P23(Codec.U32);

    private final Codec codec;

    NetemGiModel(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

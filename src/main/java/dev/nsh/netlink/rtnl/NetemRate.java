package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_netem_rate { __u32 rate; __s32 packet_overhead; __u32 cell_size; __s32 cell_overhead; };}: rate in bytes/s (TCA_NETEM_RATE64 above 2^32-1). */
public enum NetemRate implements Field {
    RATE(Codec.U32), PACKET_OVERHEAD(Codec.S32), CELL_SIZE(Codec.U32), CELL_OVERHEAD(Codec.S32);

    private final Codec codec;

    NetemRate(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

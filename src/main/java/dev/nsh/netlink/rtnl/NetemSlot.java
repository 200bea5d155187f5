package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_netem_slot { __s64 min_delay; __s64 max_delay; __s32 max_packets; __s32 max_bytes; __s64 dist_delay; __s64 dist_jitter; };}: times in ns. */
public enum NetemSlot implements Field {
    MIN_DELAY(Codec.U64), MAX_DELAY(Codec.U64), MAX_PACKETS(Codec.S32), MAX_BYTES(Codec.S32), DIST_DELAY(Codec.U64), DIST_JITTER(Codec.U64);

    private final Codec codec;

    NetemSlot(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_netem_qopt { __u32 latency; __u32 limit; __u32 loss; __u32 gap; __u32 duplicate; __u32 jitter; };}: times in psched ticks (64 ns), probabilities as fractions of 2^32-1; TCA_OPTIONS of netem starts with it, its attributes ({@link Netem}) follow. */
public enum NetemQopt implements Field {
    LATENCY(Codec.U32), LIMIT(Codec.U32), LOSS(Codec.U32), GAP(Codec.U32), DUPLICATE(Codec.U32), JITTER(Codec.U32);

    private final Codec codec;

    NetemQopt(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

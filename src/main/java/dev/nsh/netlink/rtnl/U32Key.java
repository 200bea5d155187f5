package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_u32_key { __be32 mask; __be32 val; int off; int offmask; };}. */
public enum U32Key implements Field {
    MASK(Codec.U32), VAL(Codec.U32), OFF(Codec.S32), OFFMASK(Codec.S32);

    private final Codec codec;

    U32Key(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

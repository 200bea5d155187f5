package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tc_u32_sel { unsigned char flags; unsigned char offshift; unsigned char nkeys; __be16 offmask; __u16 off; short offoff; short hoff; __be32 hmask; struct tc_u32_key keys[]; };} ({@link U32Key} each key). */
public enum U32Sel implements Field {
    FLAGS(Codec.U8), OFFSHIFT(Codec.U8), NKEYS(Codec.U8), OFFMASK(Codec.BE16), OFF(Codec.U16), OFFOFF(Codec.U16), HOFF(Codec.U16), HMASK(Codec.U32);

    private final Codec codec;

    U32Sel(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

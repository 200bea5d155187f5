package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/**
 * {@code struct ndmsg { __u8 ndm_family; __u8 ndm_pad1; __u16 ndm_pad2; __s32 ndm_ifindex;
 * __u16 ndm_state; __u8 ndm_flags; __u8 ndm_type; };}
 */
public enum NdMsg implements Field {
    FAMILY(Codec.U8), PAD1(Codec.U8), PAD2(Codec.U16), IFINDEX(Codec.S32), STATE(Codec.U16),
    FLAGS(Codec.U8), TYPE(Codec.U8);

    private final Codec codec;

    NdMsg(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

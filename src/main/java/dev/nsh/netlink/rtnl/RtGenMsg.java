package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct rtgenmsg { unsigned char rtgen_family; };} padded to 4 bytes, as for RTM_GETNSID. */
public enum RtGenMsg implements Field {
    FAMILY(Codec.U8), PAD1(Codec.U8), PAD2(Codec.U16);

    private final Codec codec;

    RtGenMsg(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

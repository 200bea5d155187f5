package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/**
 * {@code struct ifinfomsg { unsigned char ifi_family; unsigned char __ifi_pad; unsigned short ifi_type;
 * int ifi_index; unsigned ifi_flags; unsigned ifi_change; };}
 */
public enum IfInfoMsg implements Field {
    FAMILY(Codec.U8), PAD(Codec.U8), TYPE(Codec.U16), INDEX(Codec.S32), FLAGS(Codec.U32), CHANGE(Codec.U32);

    private final Codec codec;

    IfInfoMsg(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

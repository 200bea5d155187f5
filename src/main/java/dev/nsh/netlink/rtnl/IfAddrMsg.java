package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/**
 * {@code struct ifaddrmsg { __u8 ifa_family; __u8 ifa_prefixlen; __u8 ifa_flags; __u8 ifa_scope;
 * __u32 ifa_index; };}
 */
public enum IfAddrMsg implements Field {
    FAMILY(Codec.U8), PREFIXLEN(Codec.U8), FLAGS(Codec.U8), SCOPE(Codec.U8), INDEX(Codec.U32);

    private final Codec codec;

    IfAddrMsg(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

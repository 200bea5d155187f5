package dev.nsh.netlink.rtnl;

import dev.nsh.netlink.Codec;
import dev.nsh.netlink.Field;

/** {@code struct tcmsg { unsigned char tcm_family; unsigned char tcm__pad1; unsigned short tcm__pad2; int tcm_ifindex; __u32 tcm_handle; __u32 tcm_parent; __u32 tcm_info; };} (tcm_info of a filter: {@code priority << 16 | protocol}, the protocol in network order). */
public enum TcMsg implements Field {
    FAMILY(Codec.U8), PAD1(Codec.U8), PAD2(Codec.U16), IFINDEX(Codec.S32), HANDLE(Codec.U32), PARENT(Codec.U32), INFO(Codec.U32);

    private final Codec codec;

    TcMsg(Codec codec) {
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }
}

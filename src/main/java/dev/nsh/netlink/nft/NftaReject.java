package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_reject_attributes} of linux/netfilter/nf_tables.h: TYPE (enum nft_reject_types) and ICMP_CODE. */
public enum NftaReject implements AttrType {
    TYPE(1, Codec.BE32),
    ICMP_CODE(2, Codec.U8);

    private final int id;
    private final Codec codec;

    NftaReject(int id, Codec codec) {
        this.id = id;
        this.codec = codec;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public Codec codec() {
        return codec;
    }

    @Override
    public boolean nestedFlag() {
        return true;
    }
}

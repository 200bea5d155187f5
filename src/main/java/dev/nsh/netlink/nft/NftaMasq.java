package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_masq_attributes.} of linux/netfilter/nf_tables.h. */
public enum NftaMasq implements AttrType {
    FLAGS(1, Codec.BE32),
    REG_PROTO_MIN(2, Codec.BE32),
    REG_PROTO_MAX(3, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaMasq(int id, Codec codec) {
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

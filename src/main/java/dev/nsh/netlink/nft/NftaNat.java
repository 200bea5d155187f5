package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_nat_attributes} of linux/netfilter/nf_tables.h: snat or dnat (TYPE) to the addresses and ports in registers. */
public enum NftaNat implements AttrType {
    TYPE(1, Codec.BE32),
    FAMILY(2, Codec.BE32),
    REG_ADDR_MIN(3, Codec.BE32),
    REG_ADDR_MAX(4, Codec.BE32),
    REG_PROTO_MIN(5, Codec.BE32),
    REG_PROTO_MAX(6, Codec.BE32),
    FLAGS(7, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaNat(int id, Codec codec) {
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

package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_lookup_attributes} of linux/netfilter/nf_tables.h: is SREG in set SET (anonymous: its SET_ID in the same batch). */
public enum NftaLookup implements AttrType {
    SET(1, Codec.STRING),
    SREG(2, Codec.BE32),
    DREG(3, Codec.BE32),
    SET_ID(4, Codec.BE32),
    FLAGS(5, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaLookup(int id, Codec codec) {
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

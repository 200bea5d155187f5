package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_counter_attributes.} of linux/netfilter/nf_tables.h. */
public enum NftaCounter implements AttrType {
    BYTES(1, Codec.BE64),
    PACKETS(2, Codec.BE64);

    private final int id;
    private final Codec codec;

    NftaCounter(int id, Codec codec) {
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

package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_immediate_attributes} of linux/netfilter/nf_tables.h: put DATA (a value or a verdict) in DREG. */
public enum NftaImmediate implements AttrType {
    DREG(1, Codec.BE32),
    DATA(2, Codec.NESTED);

    private final int id;
    private final Codec codec;

    NftaImmediate(int id, Codec codec) {
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

    @Override
    public Class<? extends AttrType> children() {
        return switch (this) {
            case DATA -> NftaData.class;
            default -> null;
        };
    }
}

package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_cmp_attributes} of linux/netfilter/nf_tables.h: compare SREG with DATA by OP (enum nft_cmp_ops). */
public enum NftaCmp implements AttrType {
    SREG(1, Codec.BE32),
    OP(2, Codec.BE32),
    DATA(3, Codec.NESTED);

    private final int id;
    private final Codec codec;

    NftaCmp(int id, Codec codec) {
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

package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_bitwise_attributes} of linux/netfilter/nf_tables.h: {@code DREG = (SREG & MASK) ^ XOR} over LEN bytes. */
public enum NftaBitwise implements AttrType {
    SREG(1, Codec.BE32),
    DREG(2, Codec.BE32),
    LEN(3, Codec.BE32),
    MASK(4, Codec.NESTED),
    XOR(5, Codec.NESTED),
    OP(6, Codec.BE32),
    DATA(7, Codec.NESTED);

    private final int id;
    private final Codec codec;

    NftaBitwise(int id, Codec codec) {
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
            case MASK -> NftaData.class;
            case XOR -> NftaData.class;
            case DATA -> NftaData.class;
            default -> null;
        };
    }
}

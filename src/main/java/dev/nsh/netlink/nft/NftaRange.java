package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_range_attributes} of linux/netfilter/nf_tables.h: SREG within FROM..TO (OP eq) or not (neq). */
public enum NftaRange implements AttrType {
    SREG(1, Codec.BE32),
    OP(2, Codec.BE32),
    FROM_DATA(3, Codec.NESTED),
    TO_DATA(4, Codec.NESTED);

    private final int id;
    private final Codec codec;

    NftaRange(int id, Codec codec) {
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
            case FROM_DATA -> NftaData.class;
            case TO_DATA -> NftaData.class;
            default -> null;
        };
    }
}

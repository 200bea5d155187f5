package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_data_attributes} of linux/netfilter/nf_tables.h: a value or a verdict. */
public enum NftaData implements AttrType {
    VALUE(1, Codec.BYTES),
    VERDICT(2, Codec.NESTED);

    private final int id;
    private final Codec codec;

    NftaData(int id, Codec codec) {
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
            case VERDICT -> NftaVerdict.class;
            default -> null;
        };
    }
}

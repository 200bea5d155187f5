package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_list_attributes, as a rule's expressions} of linux/netfilter/nf_tables.h: each NFTA_LIST_ELEM one expression. */
public enum NftaExprList implements AttrType {
    ELEM(1, Codec.NESTED);

    private final int id;
    private final Codec codec;

    NftaExprList(int id, Codec codec) {
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
            case ELEM -> NftaExpr.class;
            default -> null;
        };
    }
}

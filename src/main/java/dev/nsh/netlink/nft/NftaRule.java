package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_rule_attributes} of linux/netfilter/nf_tables.h: a rule (NFT_MSG_*RULE). */
public enum NftaRule implements AttrType {
    TABLE(1, Codec.STRING),
    CHAIN(2, Codec.STRING),
    HANDLE(3, Codec.BE64),
    EXPRESSIONS(4, Codec.NESTED),
    COMPAT(5, Codec.NESTED),
    POSITION(6, Codec.BE64),
    USERDATA(7, Codec.BYTES),
    ID(9, Codec.BE32);

    private final int id;
    private final Codec codec;

    NftaRule(int id, Codec codec) {
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
            case EXPRESSIONS -> NftaExprList.class;
            default -> null;
        };
    }
}

package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_chain_attributes} of linux/netfilter/nf_tables.h: a chain (NFT_MSG_*CHAIN). */
public enum NftaChain implements AttrType {
    TABLE(1, Codec.STRING),
    HANDLE(2, Codec.BE64),
    NAME(3, Codec.STRING),
    HOOK(4, Codec.NESTED),
    POLICY(5, Codec.BE32),
    USE(6, Codec.BE32),
    TYPE(7, Codec.STRING),
    COUNTERS(8, Codec.NESTED),
    FLAGS(10, Codec.BE32),
    ID(11, Codec.BE32),
    USERDATA(12, Codec.BYTES);

    private final int id;
    private final Codec codec;

    NftaChain(int id, Codec codec) {
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
            case HOOK -> NftaHook.class;
            case COUNTERS -> NftaCounter.class;
            default -> null;
        };
    }
}

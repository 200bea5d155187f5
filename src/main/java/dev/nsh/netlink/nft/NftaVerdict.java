package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Codec;

/** {@code enum nft_verdict_attributes; the code is enum nft_verdicts or NF_DROP (0) / NF_ACCEPT (1).} of linux/netfilter/nf_tables.h. */
public enum NftaVerdict implements AttrType {
    CODE(1, Codec.BE32),
    CHAIN(2, Codec.STRING);

    private final int id;
    private final Codec codec;

    NftaVerdict(int id, Codec codec) {
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

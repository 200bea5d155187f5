package dev.nsh.netlink.nft;

import dev.nsh.netlink.AttrType;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Codec;

import java.util.Map;

/**
 * {@code enum nft_expr_attributes} of linux/netfilter/nf_tables.h: one expression of a rule, its
 * NAME ("payload", "cmp" ...) and its DATA, whose attribute set the name decides.
 */
public enum NftaExpr implements AttrType {
    NAME(1, Codec.STRING), DATA(2, Codec.NESTED);

    /** Each expression's attribute set, by its NFTA_EXPR_NAME. */
    private static final Map<String, Class<? extends AttrType>> DATA_SETS = Map.ofEntries(
            Map.entry("payload", NftaPayload.class), Map.entry("cmp", NftaCmp.class), Map.entry("range", NftaRange.class),
            Map.entry("meta", NftaMeta.class), Map.entry("ct", NftaCt.class), Map.entry("bitwise", NftaBitwise.class),
            Map.entry("immediate", NftaImmediate.class), Map.entry("counter", NftaCounter.class),
            Map.entry("lookup", NftaLookup.class), Map.entry("reject", NftaReject.class), Map.entry("nat", NftaNat.class),
            Map.entry("masq", NftaMasq.class), Map.entry("target", NftaTarget.class), Map.entry("match", NftaTarget.class));

    private final int id;
    private final Codec codec;

    NftaExpr(int id, Codec codec) {
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
    public Class<? extends AttrType> children(Attrs siblings) {
        return this == DATA ? DATA_SETS.get(siblings.string(NAME)) : null;
    }
}

package dev.nsh.netlink.nft;

/**
 * Constants of linux/netfilter/nfnetlink.h and nf_tables.h: message types of nf_tables (its
 * subsystem's number in the high byte), the batch markers, the families (NFPROTO_*), the verdicts
 * and hook numbers of a chain.
 */
public final class Nfnl {
    private Nfnl() {}

    public static final int NFNL_SUBSYS_NFTABLES = 10;
    public static final int NFNL_MSG_BATCH_BEGIN = 16, NFNL_MSG_BATCH_END = 17;

    /** enum nf_tables_msg_types. */
    public static final int NEWTABLE = 0, GETTABLE = 1, DELTABLE = 2, NEWCHAIN = 3, GETCHAIN = 4, DELCHAIN = 5,
            NEWRULE = 6, GETRULE = 7, DELRULE = 8, NEWSET = 9, GETSET = 10, DELSET = 11, NEWSETELEM = 12, GETSETELEM = 13;

    /** The netlink message type of nf_tables message {@code msg}. */
    public static int type(int msg) {
        return NFNL_SUBSYS_NFTABLES << 8 | msg;
    }

    /** NFPROTO_*: an nf_tables family. */
    public static final int NFPROTO_UNSPEC = 0, NFPROTO_INET = 1, NFPROTO_IPV4 = 2, NFPROTO_ARP = 3, NFPROTO_NETDEV = 5,
            NFPROTO_BRIDGE = 7, NFPROTO_IPV6 = 10;

    /** Verdict codes: NF_DROP, NF_ACCEPT, and enum nft_verdicts. */
    public static final int NF_DROP = 0, NF_ACCEPT = 1, NFT_CONTINUE = -1, NFT_BREAK = -2, NFT_JUMP = -3, NFT_GOTO = -4,
            NFT_RETURN = -5;

    /** enum nft_set_flags of the anonymous sets nsh makes. */
    public static final int SET_ANONYMOUS = 0x1, SET_CONSTANT = 0x2, SET_INTERVAL = 0x4;
}

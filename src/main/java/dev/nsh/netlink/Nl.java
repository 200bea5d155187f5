package dev.nsh.netlink;

/** Constants of {@code <linux/netlink.h>} and {@code <linux/rtnetlink.h>}: message types and flags. */
public final class Nl {
    private Nl() {}

    public static final int NETLINK_ROUTE = 0, NETLINK_NETFILTER = 12;
    public static final int SOL_NETLINK = 270;
    /** setsockopt names at SOL_NETLINK. */
    public static final int NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11, NETLINK_GET_STRICT_CHK = 12;

    public static final int HDRLEN = 16;

    public static final int NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3;

    public static final int NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_DUMP_INTR = 0x10;
    /** For GET requests. */
    public static final int NLM_F_DUMP = 0x300;
    /** For NEW requests. */
    public static final int NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800;
    /** On NLMSG_ERROR: the request was not echoed in full; extended-ACK attributes follow. */
    public static final int NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;

    public static final int RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19,
            RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22,
            RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26,
            RTM_NEWNEIGH = 28, RTM_DELNEIGH = 29, RTM_GETNEIGH = 30,
            RTM_NEWRULE = 32, RTM_DELRULE = 33, RTM_GETRULE = 34,
            RTM_NEWNSID = 88, RTM_GETNSID = 90;

    /** nla_type's flag bits; the type proper is the low 14 bits. */
    public static final int NLA_F_NESTED = 0x8000, NLA_TYPE_MASK = 0x3fff;

    public static int align(int n) {
        return (n + 3) & ~3;
    }
}

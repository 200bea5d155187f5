package dev.nsh.netlink.rtnl;

/** Constants of {@code <linux/rtnetlink.h>} and {@code <linux/pkt_sched.h>} for traffic control. */
public final class Tc {
    private Tc() {}

    public static final int RTM_NEWQDISC = 36, RTM_DELQDISC = 37, RTM_GETQDISC = 38,
            RTM_NEWTFILTER = 44, RTM_DELTFILTER = 45, RTM_GETTFILTER = 46;

    /** tcm_parent of a root qdisc (TC_H_ROOT), of clsact (TC_H_CLSACT), and of clsact's egress hook. */
    public static final int TC_H_ROOT = 0xFFFFFFFF, TC_H_CLSACT = 0xFFFFFFF1, TC_H_EGRESS = 0xFFFFFFF3;
    /** tcm_handle of clsact (ffff:). */
    public static final int CLSACT_HANDLE = 0xFFFF0000;
    /** U32Sel.FLAGS: the last key decides (TC_U32_TERMINAL). */
    public static final int TC_U32_TERMINAL = 1;
    /** tc_gen.action: the packet is taken (TC_ACT_STOLEN); tc_mirred.eaction: redirect to the device's egress (TCA_EGRESS_REDIR). */
    public static final int TC_ACT_STOLEN = 4, TCA_EGRESS_REDIR = 1;
    /** tc_ratespec.linklayer: Ethernet (TC_LINKLAYER_ETHERNET); the kernel then needs no rate table. */
    public static final int TC_LINKLAYER_ETHERNET = 1;
    /** Nanoseconds in a psched tick (PSCHED_SHIFT 6): netem's and tbf's times are in ticks. */
    public static final int NS_PER_TICK = 64;
}

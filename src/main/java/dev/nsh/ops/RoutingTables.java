package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.netlink.rtnl.RtMsg;

/**
 * Routing table ids, for routes and rules alike: named as ip names them, a u32 on the wire. An id
 * below 256 also fits the header's one byte; a larger one travels only in the TABLE attribute with
 * the header's byte 0 (RT_TABLE_UNSPEC), as iproute2 sends it (ip/iproute.c, ip/iprule.c).
 */
public final class RoutingTables {
    private RoutingTables() {}

    /** The largest id the kernel's u32 holds. */
    public static final long MAX = 0xFFFFFFFFL;

    /** "main" (254), "local" (255), "default" (253) or 1 to 4294967295; null is 0, the caller's default. */
    public static long parse(String what, String text) {
        if (text == null) return 0;
        switch (text) {
            case "main": return RtMsg.TABLE_MAIN;
            case "local": return RtMsg.TABLE_LOCAL;
            case "default": return 253;
            default:
                try {
                    long t = Long.parseLong(text);
                    if (t >= 0 && t <= MAX) return t;
                } catch (NumberFormatException ignored) {
                    // said below
                }
                throw new InvalidInputException(what + " \"" + text + "\" is not a table; " + RULE);
        }
    }

    private static final String RULE = "a table is 1 to 4294967295, main, local or default";

    /** Refuses an id outside the u32 (0 is allowed: the caller's default). */
    static void check(String what, long table) {
        if (table < 0 || table > MAX) throw new InvalidInputException(what + " " + table + " is out of range; " + RULE);
    }

    /** The header's byte for {@code id}: itself below 256, else 0 with the id in the attribute. */
    static int headerByte(long id) {
        return id < 256 ? (int) id : 0;
    }
}

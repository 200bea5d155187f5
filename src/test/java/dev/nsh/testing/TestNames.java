package dev.nsh.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names unique to this run, so tests never meet each other's objects or a user's.
 * Namespace names start with "nsht-"; interface names stay within 15 bytes.
 */
public final class TestNames {
    private static final String RUN = Long.toString(ProcessHandle.current().pid() % 100000, 36);
    private static final AtomicInteger N = new AtomicInteger();

    private TestNames() {}

    /** What every namespace name of this run starts with ("nsht-1x2-"). */
    public static String nsPrefix() {
        return "nsht-" + RUN + "-";
    }

    /** What every interface name of this run starts with ("t1x2"). */
    public static String ifacePrefix() {
        return "t" + RUN;
    }

    /** A namespace name such as "nsht-1x2-7-ping". */
    public static String ns(String hint) {
        return "nsht-" + RUN + "-" + N.incrementAndGet() + "-" + hint;
    }

    /** An interface name of at most 15 bytes, such as "v1x2-7a". */
    public static String iface(String hint) {
        String s = "t" + RUN + N.incrementAndGet() + hint;
        return s.length() > 15 ? s.substring(0, 15) : s;
    }
}

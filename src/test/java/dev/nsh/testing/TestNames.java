package dev.nsh.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names unique to this run, so tests never meet each other's objects or a user's. Namespace names
 * start with "nsht-" and the run's random id ({@link TestRuns}: its marker tells a later run
 * whether this one is dead, and so whether what it left may be removed); interface names stay
 * within 15 bytes.
 */
public final class TestNames {
    private static final String RUN = TestRuns.newRun();
    private static final AtomicInteger N = new AtomicInteger();

    private TestNames() {}

    /** This run's id: six base-36 characters ("k3x9qa"). */
    public static String run() {
        return RUN;
    }

    /** What every namespace name of this run starts with ("nsht-k3x9qa-"). */
    public static String nsPrefix() {
        return "nsht-" + RUN + "-";
    }

    /** What every interface name of this run starts with ("tk3x9qa"). */
    public static String ifacePrefix() {
        return "t" + RUN;
    }

    /** A namespace name such as "nsht-k3x9qa-7-ping". */
    public static String ns(String hint) {
        return "nsht-" + RUN + "-" + N.incrementAndGet() + "-" + hint;
    }

    /** An interface name of at most 15 bytes, such as "tk3x9qa7a" (the hint is cut first). */
    public static String iface(String hint) {
        String s = "t" + RUN + N.incrementAndGet() + hint;
        return s.length() > 15 ? s.substring(0, 15) : s;
    }
}

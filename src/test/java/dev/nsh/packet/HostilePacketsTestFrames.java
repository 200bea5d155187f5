package dev.nsh.packet;

/** The crafted frames of {@link HostilePacketsTest}, for the tests that need no kernel. */
public final class HostilePacketsTestFrames {
    private HostilePacketsTestFrames() {}

    public static byte[] tcpWithBrokenOption() {
        return HostilePacketsTest.tcpWithBrokenOption("02:00:00:00:00:02", "02:00:00:00:00:01");
    }
}

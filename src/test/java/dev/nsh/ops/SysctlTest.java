package dev.nsh.ops;

import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * sysctl in a namespace changes that namespace only. Judged by processes that iproute2 starts
 * inside ({@code ip netns exec}), and by the root's /proc, read from the test thread.
 */
@NeedsRoot
class SysctlTest {
    private static final Path ROOT_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void ipForwardInATestNamespaceOnly() throws Exception {
        String rootBefore = Files.readString(ROOT_FORWARD).strip();
        Netns ns = scratch.ns("sysctl");
        assertEquals("0", Ip.run("netns", "exec", ns.name(), "cat", "/proc/sys/net/ipv4/ip_forward").strip(),
                "a new namespace starts without forwarding");

        Sysctl.set(ns, "net.ipv4.ip_forward", "1");
        assertEquals("1", Sysctl.get(ns, "net.ipv4.ip_forward"));
        assertEquals("1", Ip.run("netns", "exec", ns.name(), "sysctl", "-n", "net.ipv4.ip_forward").strip());
        assertEquals("1", Ip.run("netns", "exec", ns.name(), "cat", "/proc/sys/net/ipv4/ip_forward").strip());
        assertEquals(rootBefore, Files.readString(ROOT_FORWARD).strip(), "the root namespace's value is unchanged");

        Sysctl.set(ns, "net/ipv4/ip_forward", "0");
        assertEquals("0", Ip.run("netns", "exec", ns.name(), "sysctl", "-n", "net.ipv4.ip_forward").strip());
        assertEquals(rootBefore, Files.readString(ROOT_FORWARD).strip());
    }

    @Test
    void perLinkKey() {
        Netns ns = scratch.ns("sysctl-link");
        LinkOps.createVeth(ns, "s0", null, "s1");
        Sysctl.set(ns, "net.ipv6.conf.s0.disable_ipv6", "1");
        assertEquals("1", Ip.run("netns", "exec", ns.name(), "cat", "/proc/sys/net/ipv6/conf/s0/disable_ipv6").strip());
        assertEquals("0", Ip.run("netns", "exec", ns.name(), "cat", "/proc/sys/net/ipv6/conf/s1/disable_ipv6").strip());
    }
}

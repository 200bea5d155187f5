package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void keysOutsideNetOrMissingAreRefused() throws Exception {
        Netns ns = scratch.ns("sysctl-bad");
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Sysctl.set(ns, "kernel.hostname", "x"));
        assertEquals("sysctl key \"kernel.hostname\" is not under net.; only network sysctls belong to a namespace", e.getMessage());
        assertEquals(hostname, Files.readString(Path.of("/proc/sys/kernel/hostname")), "the host's kernel.hostname");
        e = assertThrows(InvalidInputException.class, () -> Sysctl.get(ns, "net/../kernel/hostname"));
        assertEquals("sysctl key \"net/../kernel/hostname\" is not a key such as net.ipv4.ip_forward", e.getMessage());
        NshException n = assertThrows(NshException.class, () -> Sysctl.set(ns, "net.ipv4.no_such_key", "1"));
        assertEquals("sysctl net.ipv4.no_such_key in " + ns.name() + ": no such key", n.getMessage());
        n = assertThrows(NshException.class, () -> Sysctl.get(ns, "net.ipv4.no_such_key"));
        assertEquals("sysctl net.ipv4.no_such_key in " + ns.name() + ": no such key", n.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Sysctl.set(ns, "net.ipv4.ip_forward", "1\n0"));
        assertEquals("sysctl value for net.ipv4.ip_forward must be one line", e.getMessage());
        assertEquals("0", Ip.run("netns", "exec", ns.name(), "cat", "/proc/sys/net/ipv4/ip_forward").strip());
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

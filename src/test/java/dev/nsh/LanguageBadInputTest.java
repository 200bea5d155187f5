package dev.nsh;

import dev.nsh.error.NshException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.nsh.Nsh.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bad input to ping, capture, programs, options and the language itself: each is one line naming
 * the value and the rule (or the kernel's refusal naming the object and namespace), nothing is
 * printed, and nothing changes: {@code ip -j} of both namespaces, their processes (ip netns pids)
 * and this run's namespaces are as before.
 */
@NeedsRoot
class LanguageBadInputTest {
    private final Scratch scratch = new Scratch();
    private String a, b;

    @BeforeEach
    void twoNamespacesAndAVeth() {
        a = scratch.track(TestNames.ns("bad-a"));
        b = scratch.track(TestNames.ns("bad-b"));
        ns(a).veth("v1").peer(ns(b), "v2").addr("10.0.0.10/24").up();
        ns(b).link("v2").addr("10.0.0.20/24").up();
        ns(a).bridge("br0");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    /**
     * What must not change: links, their admin state, MTU and master, global addresses, routes,
     * processes, namespaces (not the carrier or the link-local address, which the kernel moves on its own).
     */
    @SuppressWarnings("unchecked")
    private String state() {
        StringBuilder s = new StringBuilder();
        for (String n : List.of(a, b)) {
            for (Map<String, Object> l : Ip.json(n, "addr", "show")) {
                s.append(l.get("ifname")).append(' ').append(((List<String>) l.get("flags")).contains("UP")).append(' ')
                        .append(l.get("mtu")).append(' ').append(l.get("master"));
                for (Map<String, Object> x : (List<Map<String, Object>>) l.get("addr_info")) {
                    if (!"link".equals(x.get("scope"))) s.append(' ').append(x.get("local")).append('/').append(x.get("prefixlen"));
                }
                s.append('\n');
            }
            s.append(Ip.run("-n", n, "route", "show")).append(Ip.run("netns", "pids", n)).append('\n');
        }
        s.append(Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name"))
                .filter(n -> n.startsWith(TestNames.nsPrefix())).sorted().toList());
        return s.toString();
    }

    /** {@code call} fails with exactly {@code message}, prints nothing, and changes nothing. */
    private void refused(String message, Executable call) {
        String before = state();
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        NshException e;
        try {
            e = assertThrows(NshException.class, call, message);
        } finally {
            System.setOut(out);
        }
        assertEquals(message, e.getMessage());
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "printed by: " + message);
        assertEquals(before, state(), "changed by: " + message);
    }

    @Test
    void ping() {
        Namespace n = ns(a);
        refused("ping target is empty; give an address such as 10.0.0.20", () -> n.ping(""));
        refused("ping target \"h1\" is not an IPv4 or IPv6 address (nsh does no name look-ups)", () -> n.ping("h1"));
        refused("ping count 0 is out of range; it must be 1 or more", () -> n.ping(Map.of("count", 0), "10.0.0.20"));
        refused("ping count -3 is out of range; it must be 1 or more", () -> n.ping(Map.of("count", -3), "10.0.0.20"));
        refused("ping timeout PT0S must be positive", () -> n.ping(Map.of("timeout", 0), "10.0.0.20"));
        refused("ping timeout PT-1S must be positive", () -> n.ping(Map.of("timeout", -1), "10.0.0.20"));
        refused("ping deadline PT0S must be positive", () -> n.ping(Map.of("deadline", 0), "10.0.0.20"));
        refused("ping deadline PT-2S must be positive", () -> n.ping(Map.of("deadline", -2), "10.0.0.20"));
        refused("address \"10.0.0.300\": \"300\" is not a number 0-255 in an IPv4 address", () -> n.ping(Map.of("src", "10.0.0.300"), "10.0.0.20"));
        refused("ping source fd00::10 and target 10.0.0.20 are of different families", () -> n.ping(Map.of("src", "fd00::10"), "10.0.0.20"));
        refused("bind raw ICMP socket in " + a + " to source 10.9.9.9: Cannot assign requested address (EADDRNOTAVAIL)",
                () -> n.ping(Map.of("src", "10.9.9.9"), "10.0.0.20"));
        refused("interface name \"a b\" contains white space or \":\"; they are not allowed", () -> n.ping(Map.of("dev", "a b"), "10.0.0.20"));
        refused("set SO_BINDTODEVICE nope on raw ICMP socket in " + a + ": No such device (ENODEV)", () -> n.ping(Map.of("dev", "nope"), "10.0.0.20"));
        refused("option quiet: \"yes\" is not true or false", () -> n.ping(Map.of("quiet", "yes"), "10.0.0.20"));
    }

    @Test
    void capture() {
        Namespace n = ns(a);
        refused("link nope not found in " + a, () -> n.capture(Map.of("count", 1), "nope"));
        refused("link nope not found in " + a, () -> n.capture("nope"));
        refused("capture count -1 is negative; it must be 0 (no limit) or more", () -> n.capture(Map.of("count", -1), "v1"));
        refused("capture timeout PT0S must be positive", () -> n.capture(Map.of("timeout", 0), "v1"));
        refused("capture timeout PT-1S must be positive", () -> n.capture(Map.of("timeout", -1), "v1"));
        refused("capture snaplen 13 is out of range; it must be 14 to 262144", () -> n.capture(Map.of("snaplen", 13, "count", 1), "v1"));
        refused("capture snaplen 262145 is out of range; it must be 14 to 262144", () -> n.capture(Map.of("snaplen", 262145, "count", 1), "v1"));
        refused("option quiet: 1 is not true or false", () -> n.capture(Map.of("quiet", 1, "count", 1), "v1"));
    }

    @Test
    void programs() {
        Namespace n = ns(a);
        refused("timeout 0.0 s must be a positive number of seconds", () -> n.run(Map.of("timeout", 0), "true"));
        refused("timeout -1.0 s must be a positive number of seconds", () -> n.sh(Map.of("timeout", -1), "true"));
        refused("run(): env must be a map such as [LC_ALL: \"C\"], not A=b", () -> n.run(Map.of("env", "A=b"), "true"));
        refused("spawn(): env must be a map such as [LC_ALL: \"C\"], not [A]", () -> n.spawn(Map.of("env", List.of("A")), "true"));
        refused("environment variable name \"A=B\" must be non-empty, without = or NUL", () -> n.run(Map.of("env", Map.of("A=B", "c")), "true"));
        refused("environment variable name \"\" must be non-empty, without = or NUL", () -> n.sh(Map.of("env", Map.of("", "c")), "true"));
        refused("run: no program given", () -> n.run());
        refused("run: no program given", () -> n.run(""));
        refused("sh: no command line given", () -> n.sh(" "));
        refused("spawn: no program given", () -> n.spawn());
        refused("spawn(): unknown option \"timeout\"; it takes env, dir, input, quiet, detach", () -> n.spawn(Map.of("timeout", 5), "sleep", "9"));
    }

    /** A flag that is not true or false is refused, naming the option and the value (it was taken as false before). */
    @Test
    void flagsAreTrueOrFalse() {
        Namespace n = ns(a);
        refused("option check: \"yes\" is not true or false", () -> n.run(Map.of("check", "yes"), "false"));
        refused("option detach: \"no\" is not true or false", () -> n.spawn(Map.of("detach", "no"), "sleep", "9"));
        refused("option create: 0 is not true or false", () -> ns(Map.of("create", 0), a));
        refused("option nodad: \"1\" is not true or false", () -> n.link("v1").addr(Map.of("nodad", "1"), "fd00::10/64"));
        // The words themselves are taken, as before.
        assertEquals(1, n.run(Map.of("check", "false", "quiet", "true"), "false").exitCode());
    }

    @Test
    void theLanguage() {
        refused("the root namespace cannot be deleted", () -> root().delete());
        refused("namespace name \"" + TestNames.nsPrefix() + "a\\0b\" contains a NUL byte; it is not allowed", () -> ns(TestNames.nsPrefix() + "a\0b"));
        refused("interface name \"a\\0b\" contains a NUL byte; it is not allowed", () -> ns(a).veth("a\0b"));
        refused("interface name \"a\\0b\" contains a NUL byte; it is not allowed", () -> ns(a).link("v1").rename("a\0b"));
        Link br0InB = ns(b).bridge("br0");
        refused("bridge br0 is in " + b + ", not in " + a + " with v1", () -> ns(a).link("v1").master(br0InB));
        ns(b).link("br0").delete(); // made above for the case; gone again before the next
        refused("link br0 in " + a + " is not a veth; it has no peer", () -> ns(a).link("br0").peer());
        refused("link lo in " + a + " is not a veth; it has no peer", () -> ns(a).link("lo").peer());
    }
}

package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad address requests: one line each, and {@code ip -j -n NS addr} / {@code route} unchanged. */
@NeedsRoot
class AddrBadInputTest {
    private final Scratch scratch = new Scratch();
    private Netns ns;
    private List<Map<String, Object>> addrsBefore, routesBefore;

    @BeforeEach
    void setUp() {
        ns = scratch.ns("badaddr");
        LinkOps.createVeth(ns, "e0", null, "e1");
        AddrOps.add(ns, "e0", Cidr.parse("10.0.0.10/16"));
        addrsBefore = Ip.json(ns.name(), "addr", "show");
        routesBefore = Ip.json(ns.name(), "route", "show", "table", "all");
    }

    @AfterEach
    void unchangedAndCleanUp() {
        try {
            assertEquals(addrsBefore, Ip.json(ns.name(), "addr", "show"));
            assertEquals(routesBefore, Ip.json(ns.name(), "route", "show", "table", "all"));
        } finally {
            scratch.close();
        }
    }

    static void fails(String message, Executable call) {
        assertEquals(message, assertThrows(NshException.class, call).getMessage());
    }

    @Test
    void badTextNeverReachesTheKernel() {
        for (String[] c : new String[][] {
                {"10.0.0.300/16", "address \"10.0.0.300/16\": \"300\" is not a number 0-255 in an IPv4 address"},
                {"10.0.0.1/33", "address \"10.0.0.1/33\": prefix length 33 is out of range 0..32 for IPv4"},
                {"fe80::1/129", "address \"fe80::1/129\": prefix length 129 is out of range 0..128 for IPv6"},
                {"abc", "address \"abc\": \"abc\" is not an IPv4 address (four numbers 0-255 joined by dots) or an IPv6 address"},
                {"10.0.0.1/", "address \"10.0.0.1/\": prefix length \"\" is not a number 0..32"},
                {"", "address is empty; expected ADDR/PREFIX such as 10.0.0.10/16"}}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> AddrOps.add(ns, "e0", Cidr.parse(c[0])));
            assertEquals(c[1], e.getMessage());
            e = assertThrows(InvalidInputException.class, () -> AddrOps.delete(ns, "e0", Cidr.parse(c[0])));
            assertEquals(c[1], e.getMessage());
        }
    }

    @Test
    void addressAlreadyThere() {
        fails("add address 10.0.0.10/16 to e0 in " + ns.name() + ": e0 already has 10.0.0.10/16 (EEXIST)",
                () -> AddrOps.add(ns, "e0", Cidr.parse("10.0.0.10/16")));
    }

    @Test
    void addressNotThere() {
        fails("delete address 10.0.0.11/16 from e0 in " + ns.name() + ": e0 has no such address",
                () -> AddrOps.delete(ns, "e0", Cidr.parse("10.0.0.11/16")));
    }

    @Test
    void missingOrBadDevice() {
        fails("link nope not found in " + ns.name(), () -> AddrOps.add(ns, "nope", Cidr.parse("10.0.0.11/16")));
        assertEquals("interface name \"sixteen-bytes-xx\" is 16 bytes; the limit is 15",
                assertThrows(InvalidInputException.class, () -> AddrOps.add(ns, "sixteen-bytes-xx", Cidr.parse("10.0.0.11/16"))).getMessage());
    }

    @Test
    void badRoutes() {
        assertEquals("route to 10.1.0.0/16 needs a gateway (via) or a device (dev)",
                assertThrows(InvalidInputException.class, () -> RouteOps.Spec.of("10.1.0.0/16", null, null, 0)).getMessage());
        assertEquals("route to 10.1.0.0/16 via fd00::1: the gateway is not of the destination's family",
                assertThrows(InvalidInputException.class, () -> RouteOps.Spec.of("10.1.0.0/16", "fd00::1", null, 0)).getMessage());
        fails("delete route 10.9.0.0/16 dev e0 in " + ns.name() + ": no such route",
                () -> RouteOps.delete(ns, RouteOps.Spec.of("10.9.0.0/16", null, "e0", 0)));
        // 192.0.2.1 is on no link of the namespace: the kernel's own words come through.
        NshException e = assertThrows(NshException.class, () -> RouteOps.add(ns, RouteOps.Spec.of("10.8.0.0/16", "192.0.2.1", null, 0)));
        assertEquals("add route 10.8.0.0/16 via 192.0.2.1 in " + ns.name() + ": Network is unreachable (ENETUNREACH): Nexthop has invalid gateway",
                e.getMessage());
    }
}

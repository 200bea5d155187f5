package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.Iputils;
import dev.nsh.testing.NeedsRoot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A router takes .1 of each subnet it joins (hosts on a LAN are numbered from .2), unless told
 * otherwise; an address given that is taken already is refused before anything is made. Judged by
 * {@code ip -j addr}, {@code ip -j route}, {@code ip netns list} and iputils ping.
 */
@NeedsRoot
class LabRouterAddressTest {
    private final LabJudge.Made made = new LabJudge.Made();

    @AfterEach
    void cleanUp() {
        made.cleanUp();
    }

    private Lab lab() {
        return Labs.lab(made.name()).output(new PrintStream(new ByteArrayOutputStream(), true));
    }

    /** "10.0.0.1/24" of each IPv4 address of {@code dev} in {@code ns}, as ip sees them. */
    private static List<String> v4(String ns, String dev) {
        return Ip.addrs(ns, dev).stream().filter(a -> "inet".equals(a.get("family")))
                .map(a -> a.get("local") + "/" + a.get("prefixlen")).toList();
    }

    private static List<String> routes(String ns) {
        return Ip.json(ns, "route", "show").stream().map(r -> r.get("dst") + (r.get("gateway") == null ? "" : " via " + r.get("gateway"))).toList();
    }

    private static void pings(String ns, String address) {
        Iputils.Result r = Iputils.ping(ns, "-c1", "-W2", address);
        assertEquals(0, r.status(), "iputils in " + ns + " -> " + address + ":\n" + r.out());
    }

    @Test
    void routerTakesDotOneOfEachLanAndHostsStartAtDotTwo() {
        try (Lab lab = lab()) {
            String p = lab.name();
            Subnet lan1 = lab.bridge("sa", lab.host("a1"), lab.host("a2"));
            Subnet lan2 = lab.bridge(Map.of("subnet", "10.20.0.0/24"), "sb", lab.host("b1"), lab.host("b2"));
            assertEquals(List.of("10.0.0.2/24"), v4(p + "-a1", "a1-eth0"));
            assertEquals(List.of("10.0.0.3/24"), v4(p + "-a2", "a2-eth0"));
            assertEquals(List.of("10.20.0.2/24"), v4(p + "-b1", "b1-eth0"));
            lab.router("gw", lan1, lan2);
            assertEquals(List.of("10.0.0.1/24"), v4(p + "-gw", "gw-eth0"));
            assertEquals(List.of("10.20.0.1/24"), v4(p + "-gw", "gw-eth1"));
            assertEquals(List.of("10.0.0.0/24", "10.20.0.0/24 via 10.0.0.1"), routes(p + "-a1"));
            assertEquals(List.of("10.0.0.0/24 via 10.20.0.1", "10.20.0.0/24"), routes(p + "-b2"));
            // A host attached later goes on after the hosts, not into the router's .1.
            lab.attach(lan1, lab.host("a3"));
            assertEquals(List.of("10.0.0.4/24"), v4(p + "-a3", "a3-eth0"));
            pings(p + "-a1", "10.20.0.3");
            pings(p + "-b1", "10.0.0.3");
            pings(p + "-a1", "10.20.0.1");
        }
    }

    @Test
    void explicitAddressesAreHonouredAndTheOthersTakeDotOne() {
        try (Lab lab = lab()) {
            String p = lab.name();
            Subnet lan1 = lab.bridge("sa", lab.host("a1"));
            Subnet lan2 = lab.bridge("sb", lab.host("b1"));
            lab.host("c1");
            lab.router(Map.of("addresses", Arrays.asList("10.0.0.254", null, "10.9.0.9/30")), "gw", lan1, lan2, "c1");
            assertEquals(List.of("10.0.0.254/24"), v4(p + "-gw", "gw-eth0"));
            assertEquals(List.of("10.0.1.1/24"), v4(p + "-gw", "gw-eth1"));
            assertEquals(List.of("10.9.0.9/30"), v4(p + "-gw", "gw-eth2"));
            assertEquals(List.of("10.9.0.10/30"), v4(p + "-c1", "c1-eth0"));
            assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24 via 10.0.0.254", "10.9.0.8/30 via 10.0.0.254"), routes(p + "-a1"));
            pings(p + "-a1", "10.0.1.2");
            pings(p + "-c1", "10.0.0.2");
            pings(p + "-b1", "10.9.0.10");
        }
    }

    @Test
    void aLinkSubnetGivenIsKeptFromAnEarlierLinksAutomaticOne() {
        try (Lab lab = lab()) {
            String p = lab.name();
            lab.host("c1");
            lab.host("c2");
            // c1's link would take the first free /24, 10.0.0.0/24, which c2's address names.
            lab.router(Map.of("addresses", Arrays.asList(null, "10.0.0.1")), "gw", "c1", "c2");
            assertEquals(List.of("10.0.1.1/24"), v4(p + "-gw", "gw-eth0"));
            assertEquals(List.of("10.0.1.2/24"), v4(p + "-c1", "c1-eth0"));
            assertEquals(List.of("10.0.0.1/24"), v4(p + "-gw", "gw-eth1"));
            assertEquals(List.of("10.0.0.2/24"), v4(p + "-c2", "c2-eth0"));
            pings(p + "-c1", "10.0.0.2");
        }
    }

    @Test
    void aPointToPointLinkGivesTheRouterTheLowerAddress() {
        try (Lab lab = lab()) {
            String p = lab.name();
            lab.host("h1");
            lab.router("r1", "h1");
            assertEquals(List.of("10.0.0.1/24"), v4(p + "-r1", "r1-eth0"));
            assertEquals(List.of("10.0.0.2/24"), v4(p + "-h1", "h1-eth0"));
            // link(host, router) too: the router is the host's gateway, whichever end is named first.
            lab.host("h2");
            lab.link("h2", "r1");
            assertEquals(List.of("10.0.1.1/24"), v4(p + "-r1", "r1-eth1"));
            assertEquals(List.of("10.0.1.2/24"), v4(p + "-h2", "h2-eth0"));
            lab.route();
            pings(p + "-h1", "10.0.1.2");
        }
    }

    @Test
    void anAddressTakenInTheSubnetIsRefusedBeforeAnythingIsMade() {
        try (Lab lab = lab()) {
            String p = lab.name();
            Subnet lan1 = lab.bridge("sa", lab.host("a1"), lab.host("a2"));
            List<String> before = LabJudge.namespacesOf(p), ports = Ip.linkNames(p + "-sa");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> lab.router(Map.of("addresses", List.of("10.0.0.3")), "gw", lan1));
            assertEquals("router gw: address \"10.0.0.3\" is already used in subnet 10.0.0.0/24 by a2:a2-eth0; give a free one", e.getMessage());
            assertEquals(before, LabJudge.namespacesOf(p));
            assertFalse(LabJudge.ipNamespaceExists(p + "-gw"), "no namespace for the refused router");
            assertFalse(lab.hasNode("gw"));
            // Nor one that names a link subnet the lab has, nor one address twice, nor the wrong count.
            e = assertThrows(InvalidInputException.class, () -> lab.router(Map.of("addresses", List.of("10.0.0.200")), "gw", "a1"));
            assertEquals("router gw: subnet \"10.0.0.0/24\" overlaps 10.0.0.0/24, already used in this lab", e.getMessage());
            e = assertThrows(InvalidInputException.class, () -> lab.router(Map.of("addresses", List.of("10.0.0.9", "10.0.0.9")), "gw", lan1, lan1));
            assertEquals("router gw: address \"10.0.0.9\" is given twice for subnet 10.0.0.0/24", e.getMessage());
            e = assertThrows(InvalidInputException.class, () -> lab.router(Map.of("addresses", List.of("10.0.0.9")), "gw", lan1, "a1"));
            assertTrue(e.getMessage().startsWith("router gw: addresses [10.0.0.9] has 1 entries; it takes 2"), e.getMessage());
            assertEquals(before, LabJudge.namespacesOf(p));
            assertEquals(ports, Ip.linkNames(p + "-sa"), "no port added to the switch");
            assertEquals(List.of("10.0.0.2/24"), v4(p + "-a1", "a1-eth0"));
            assertEquals(List.of("10.0.0.3/24"), v4(p + "-a2", "a2-eth0"));
            assertEquals(List.of("a1-eth0", "lo"), Ip.linkNames(p + "-a1").stream().sorted().toList(), "no link added to a1");
            // The address refused is still free: the router takes it when asked again, right.
            lab.router(Map.of("addresses", List.of("10.0.0.9")), "gw", lan1);
            assertEquals(List.of("10.0.0.9/24"), v4(p + "-gw", "gw-eth0"));
            pings(p + "-a1", "10.0.0.9");
        }
    }

    /** A LAN with no free address left refuses one more router in one line, and nothing of it is made. */
    @Test
    void aFullLanRefusesARouterWithNothingMade() {
        try (Lab lab = lab()) {
            String p = lab.name();
            // A /29 has six hosts: .1 kept for a router, a1 and a2 at .2 and .3, r1 .1, r2 .4, r3 .5, r4 .6.
            Subnet lan = lab.bridge(Map.of("subnet", "10.30.0.0/29"), "sa", lab.host("a1"), lab.host("a2"));
            for (String r : List.of("r1", "r2", "r3", "r4")) lab.router(r, lan);
            assertEquals(List.of("10.30.0.6/29"), v4(p + "-r4", "r4-eth0"));
            List<String> before = LabJudge.namespacesOf(p), ports = Ip.linkNames(p + "-sa");
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> lab.router("r5", lan));
            assertTrue(e.getMessage().startsWith("router r5: subnet 10.30.0.0/29 has no host number"), e.getMessage());
            assertFalse(LabJudge.ipNamespaceExists(p + "-r5"), "no namespace for the refused router");
            assertFalse(lab.hasNode("r5"));
            assertEquals(before, LabJudge.namespacesOf(p));
            assertEquals(ports, Ip.linkNames(p + "-sa"), "no port added to the switch");
            pings(p + "-a1", "10.30.0.6");
        }
    }
}

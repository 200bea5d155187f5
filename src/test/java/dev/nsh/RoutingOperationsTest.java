package dev.nsh;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.nsh.Nsh.ns;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The everyday routing operations of issue 13: routes deleted and in other tables, policy rules,
 * permanent neighbours (IPv4 and IPv6). Judged by ip: {@code ip -j route show table N},
 * {@code ip -j rule}, {@code ip rule}, {@code ip -j neigh}, {@code ip neigh}.
 */
@NeedsRoot
class RoutingOperationsTest {
    private final Scratch scratch = new Scratch();
    private String a;

    @BeforeEach
    void aNamespaceWithALink() {
        a = scratch.track(TestNames.ns("rt-a"));
        String b = scratch.track(TestNames.ns("rt-b"));
        ns(a).veth("v1").peer(ns(b), "v2").up().addr("10.0.0.10/24").addr(Map.of("nodad", true), "fd00::10/64");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private static List<String> ipLines(String... args) {
        return Arrays.stream(Ip.run(args).split("\n")).map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void routesInAnotherTableAndDeleted() {
        Namespace n = ns(a);
        n.route(Map.of("via", "10.0.0.1", "table", 100), "10.9.0.0/16");
        n.route(Map.of("dev", "v1", "table", 100), "default");
        n.route(Map.of("via", "fd00::1", "table", 100), "fd09::/64");
        n.route(Map.of("via", "10.0.0.1", "table", 100), "10.9.0.0/16"); // the same again is accepted
        List<Map<String, Object>> t100 = Ip.json(a, "route", "show", "table", "100");
        assertEquals(List.of("default", "10.9.0.0/16"), t100.stream().map(r -> r.get("dst")).toList());
        assertEquals("10.0.0.1", t100.get(1).get("gateway"));
        assertTrue(Ip.json(a, "route", "show", "10.9.0.0/16").isEmpty(), "ip route: the main table has none of them");
        assertEquals(ipLines("-n", a, "route", "show", "table", "100"), Arrays.asList(n.routes(Map.of("table", 100)).toString().split("\n")));
        assertEquals(ipLines("-n", a, "-6", "route", "show", "table", "100"), Arrays.asList(n.routes6(Map.of("table", "100")).toString().split("\n")));

        n.delRoute(Map.of("table", 100), "10.9.0.0/16");
        n.delRoute(Map.of("table", 100, "dev", "v1"), "default");
        n.delRoute(Map.of("table", 100), "fd09::/64");
        assertTrue(Ip.json(a, "route", "show", "table", "100").isEmpty(), "ip route show table 100: empty");
        assertTrue(Ip.json(a, "-6", "route", "show", "table", "100").isEmpty(), "ip -6 route show table 100: empty");

        n.route(Map.of("via", "10.0.0.1"), "10.8.0.0/16");
        n.delRoute("10.8.0.0/16");
        assertTrue(Ip.json(a, "route", "show", "10.8.0.0/16").isEmpty(), "ip route: deleted from main");
        assertEquals("delete route 10.8.0.0/16 in " + a + ": no such route",
                assertThrows(NshException.class, () -> n.delRoute("10.8.0.0/16")).getMessage());
        assertEquals("route table \"mine\" is not a table; a table is 1 to 4294967295, main, local or default",
                assertThrows(InvalidInputException.class, () -> n.route(Map.of("via", "10.0.0.1", "table", "mine"), "10.7.0.0/16")).getMessage());
        assertTrue(Ip.json(a, "route", "show", "10.7.0.0/16").isEmpty(), "a bad table changes nothing");
    }

    @Test
    void tablesAboveTwoToThe31AreTheKernelsU32() {
        // ids of 256 and more travel in RTA_TABLE / FRA_TABLE only; 4000000000 does not fit a Java int
        Namespace n = ns(a);
        n.route(Map.of("via", "10.0.0.1", "table", 4000000000L), "10.6.0.0/16");
        List<Map<String, Object>> big = Ip.json(a, "route", "show", "table", "4000000000");
        assertEquals(1, big.size(), "ip -j route show table 4000000000: " + big);
        assertEquals("10.6.0.0/16", big.get(0).get("dst"));
        assertEquals(ipLines("-n", a, "route", "show", "table", "4000000000"), Arrays.asList(n.routes(Map.of("table", 4000000000L)).toString().split("\n")));
        n.rule(Map.of("from", "10.0.0.0/24", "table", 4000000000L, "priority", 50));
        Map<String, Object> rule = Ip.json(a, "rule").stream().filter(r -> ((Number) r.get("priority")).intValue() == 50).findFirst().orElseThrow();
        assertEquals("4000000000", rule.get("table"), "ip -j rule: " + rule);
        assertEquals(ipLines("-n", a, "rule"), Arrays.asList(n.rules().toString().split("\n")));
        n.delRule(Map.of("table", 4000000000L));
        n.delRoute(Map.of("table", 4000000000L), "10.6.0.0/16");
        assertTrue(Ip.json(a, "route", "show", "table", "4000000000").isEmpty(), "deleted");
        assertEquals(3, Ip.json(a, "rule").size(), "deleted");
        assertEquals("rule table \"4294967296\" is not a table; a table is 1 to 4294967295, main, local or default",
                assertThrows(InvalidInputException.class, () -> n.rule(Map.of("table", 4294967296L, "priority", 60))).getMessage());
        assertEquals("route table \"-1\" is not a table; a table is 1 to 4294967295, main, local or default",
                assertThrows(InvalidInputException.class, () -> n.route(Map.of("via", "10.0.0.1", "table", -1), "10.5.0.0/16")).getMessage());
        assertEquals(3, Ip.json(a, "rule").size(), "a bad table changes nothing");
    }

    @Test
    void policyRulesAsIpRule() {
        Namespace n = ns(a);
        n.rule(Map.of("from", "10.0.0.0/24", "table", 100, "priority", 100));
        n.rule(Map.of("to", "10.9.0.0/16", "iif", "v1", "table", 200, "priority", 200));
        n.rule(Map.of("fwmark", 7, "table", 300, "priority", 300));
        n.rule(Map.of("from", "10.0.0.5", "type", "blackhole", "priority", 400));
        n.rule(Map.of("from", "fd00::/64", "table", 100, "priority", 100));
        n.rule(Map.of("from", "10.0.0.0/24", "table", 100, "priority", 100)); // identical: accepted
        assertEquals(ipLines("-n", a, "rule"), Arrays.asList(n.rules().toString().split("\n")));
        assertEquals(ipLines("-n", a, "-6", "rule"), Arrays.asList(n.rules6().toString().split("\n")));
        List<Map<String, Object>> rules = Ip.json(a, "rule");
        Map<String, Object> r100 = rules.stream().filter(r -> ((Number) r.get("priority")).intValue() == 100).findFirst().orElseThrow();
        assertEquals("10.0.0.0", r100.get("src"));
        assertEquals(24, ((Number) r100.get("srclen")).intValue());
        assertEquals("100", r100.get("table"));
        Map<String, Object> r200 = rules.stream().filter(r -> ((Number) r.get("priority")).intValue() == 200).findFirst().orElseThrow();
        assertEquals("v1", r200.get("iif"));
        assertEquals("10.9.0.0", r200.get("dst"));
        assertEquals(groovy.json.JsonOutput.toJson(rules), n.rules().json(), "rules().json is ip -j rule");

        n.delRule(Map.of("priority", 100));
        n.delRule(Map.of("to", "10.9.0.0/16", "table", 200));
        n.delRule(Map.of("fwmark", 7));
        n.delRule(Map.of("priority", 400));
        n.delRule(Map.of("priority", 100, "ipv6", true));
        assertEquals(List.of(0L, 32766L, 32767L), Ip.json(a, "rule").stream().map(r -> ((Number) r.get("priority")).longValue()).toList(),
                "ip -j rule: the three rules a namespace starts with");
        assertEquals(List.of(0L, 32766L), Ip.json(a, "-6", "rule").stream().map(r -> ((Number) r.get("priority")).longValue()).toList());
        assertTrue(assertThrows(NshException.class, () -> n.delRule(Map.of("priority", 100))).getMessage().endsWith(": no such rule"));
        assertEquals("delete rule: name it by priority, from, to, iif, oif, fwmark or table (with none, ip rule del deletes the first rule)",
                assertThrows(InvalidInputException.class, () -> n.delRule(Map.of())).getMessage());
        assertEquals("rule type \"drop\" is not one; it must be lookup, blackhole, unreachable or prohibit",
                assertThrows(InvalidInputException.class, () -> n.rule(Map.of("type", "drop", "priority", 5))).getMessage());
        assertEquals(3, Ip.json(a, "rule").size(), "a bad rule changes nothing");

        // Groovy's 0xffffffff and 4000000000 are Longs: taken whole, not cut to an int (-1 would be "no fwmark")
        n.rule(Map.of("fwmark", 0xffffffffL, "table", 300, "priority", 4000000000L));
        Map<String, Object> big = Ip.json(a, "rule").stream().filter(r -> ((Number) r.get("priority")).longValue() == 4000000000L).findFirst().orElseThrow();
        assertEquals("0xffffffff", big.get("fwmark"), "ip -j rule: " + big);
        assertEquals("option priority: \"2.5\" is not a whole number",
                assertThrows(InvalidInputException.class, () -> n.rule(Map.of("priority", 2.5, "table", 300))).getMessage());
    }

    @Test
    void permanentNeighboursIPv4AndIPv6() {
        Namespace n = ns(a);
        n.neigh(Map.of("lladdr", "02:00:00:00:00:02", "dev", "v1"), "10.0.0.2");
        n.neigh(Map.of("lladdr", "02:00:00:00:00:03", "dev", "v1"), "fd00::3");
        n.neigh(Map.of("lladdr", "02:00:00:00:00:04", "dev", "v1"), "10.0.0.2"); // replaced, as ip neigh replace
        List<Map<String, Object>> nb = Ip.json(a, "neigh", "show", "dev", "v1");
        Map<String, Object> v4 = nb.stream().filter(e -> "10.0.0.2".equals(e.get("dst"))).findFirst().orElseThrow();
        assertEquals("02:00:00:00:00:04", v4.get("lladdr"));
        assertEquals(List.of("PERMANENT"), v4.get("state"));
        Map<String, Object> v6 = nb.stream().filter(e -> "fd00::3".equals(e.get("dst"))).findFirst().orElseThrow();
        assertEquals(List.of("PERMANENT"), v6.get("state"));
        assertEquals(ipLines("-n", a, "neigh", "show"), Arrays.asList(n.neighs().toString().split("\n")));

        n.delNeigh(Map.of("dev", "v1"), "10.0.0.2");
        n.delNeigh(Map.of("dev", "v1"), "fd00::3");
        assertTrue(Ip.json(a, "neigh", "show", "dev", "v1").stream().noneMatch(e -> List.of("PERMANENT").equals(e.get("state"))),
                "ip -j neigh: no permanent entry left");
        assertEquals("neigh 10.0.0.9: give lladdr: (the MAC) and dev: (the link)",
                assertThrows(InvalidInputException.class, () -> n.neigh(Map.of("dev", "v1"), "10.0.0.9")).getMessage());
        assertTrue(assertThrows(NshException.class, () -> n.delNeigh(Map.of("dev", "v1"), "10.0.0.2")).getMessage().endsWith("no such entry"));
    }
}

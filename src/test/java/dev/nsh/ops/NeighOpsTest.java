package dev.nsh.ops;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.Addresses;
import dev.nsh.ns.Netns;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code ip neigh} through nsh: permanent entries, checked with {@code ip -j -n NS neigh}. */
@NeedsRoot
class NeighOpsTest {
    private final Scratch scratch = new Scratch();
    private Netns ns;

    @BeforeEach
    void link() {
        ns = scratch.ns("neigh");
        LinkOps.createVeth(ns, "n0", null, "n1");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    static List<String> ipNeigh(String ns) {
        return Ip.json(ns, "neigh", "show").stream()
                .map(n -> n.get("dst") + " dev " + n.get("dev") + " lladdr " + n.get("lladdr") + " " + n.get("state"))
                .sorted().toList();
    }

    @Test
    void duplicateMissingAndBadEntriesChangeNothing() {
        NeighOps.add(ns, "n0", "10.0.0.99", "02:00:00:00:00:99");
        List<String> before = ipNeigh(ns.name());
        assertEquals("add neighbour 10.0.0.99 on n0 in " + ns.name() + ": n0 already has a neighbour entry for 10.0.0.99 (EEXIST)",
                assertThrows(NshException.class, () -> NeighOps.add(ns, "n0", "10.0.0.99", "02:00:00:00:00:98")).getMessage());
        assertEquals("delete neighbour 10.0.0.98 on n0 in " + ns.name() + ": no such entry",
                assertThrows(NshException.class, () -> NeighOps.delete(ns, "n0", "10.0.0.98")).getMessage());
        assertEquals("address \"10.0.0.256\": \"256\" is not a number 0-255 in an IPv4 address",
                assertThrows(InvalidInputException.class, () -> NeighOps.add(ns, "n0", "10.0.0.256", "02:00:00:00:00:98")).getMessage());
        assertEquals("MAC address \"zz\" is not six hex bytes joined by \":\" (aa:bb:cc:dd:ee:ff)",
                assertThrows(InvalidInputException.class, () -> NeighOps.add(ns, "n0", "10.0.0.98", "zz")).getMessage());
        assertEquals("link nope not found in " + ns.name(),
                assertThrows(NshException.class, () -> NeighOps.add(ns, "nope", "10.0.0.98", "02:00:00:00:00:98")).getMessage());
        assertEquals(before, ipNeigh(ns.name()));
    }

    @Test
    void addListDeletePermanent() {
        NeighOps.add(ns, "n0", "10.0.0.99", "02:00:00:00:00:99");
        NeighOps.add(ns, "n1", "fd00::99", "02:00:00:00:01:99");
        assertEquals(List.of("10.0.0.99 dev n0 lladdr 02:00:00:00:00:99 [PERMANENT]",
                "fd00::99 dev n1 lladdr 02:00:00:00:01:99 [PERMANENT]"), ipNeigh(ns.name()));

        List<String> nsh = NeighOps.list(ns).stream()
                .map(n -> Addresses.text(n.address()) + " dev " + n.dev() + " lladdr " + n.lladdr() + " " + n.states())
                .sorted().toList();
        assertEquals(ipNeigh(ns.name()), nsh);

        NeighOps.delete(ns, "n0", "10.0.0.99");
        assertEquals(List.of("fd00::99 dev n1 lladdr 02:00:00:00:01:99 [PERMANENT]"), ipNeigh(ns.name()));
        NeighOps.delete(ns, "n1", "fd00::99");
        assertEquals(List.of(), ipNeigh(ns.name()));
    }
}

package dev.nsh.ns;

import dev.nsh.model.AddrInfo;
import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;
import dev.nsh.model.LinkInfo;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dumps read inside a namespace: complete when large, and never the root's. */
@NeedsRoot
class LinkDumpTest {
    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @Test
    void linkDumpHoldsNoRootInterface() {
        Netns ns = scratch.ns("noroot");
        LinkOps.createBridge(ns, "br-only");
        List<String> names = LinkOps.list(ns).stream().map(LinkInfo::name).toList();
        assertEquals(List.of("lo", "br-only"), names);
        assertEquals(Ip.linkNames(ns.name()), names);
        Set<String> root = Ip.json(null, "link", "show").stream().map(m -> (String) m.get("ifname"))
                .filter(n -> !n.equals("lo")).collect(Collectors.toSet());
        assertTrue(names.stream().noneMatch(root::contains), "root interfaces " + root + " in " + names);
    }

    @Test
    void dumpOfMoreThan64KiBReturnsEveryAddress() {
        Netns ns = scratch.ns("bigdump");
        LinkOps.createVeth(ns, "big0", null, "big1");
        int n = 2000;
        for (int i = 0; i < n; i++) AddrOps.add(ns, "big0", Cidr.parse("10.20." + (i / 250) + "." + (i % 250 + 1) + "/32"));

        List<AddrInfo> nsh = AddrOps.list(ns).stream().filter(a -> "big0".equals(a.dev())).toList();
        // Each RTM_NEWADDR is about 80 bytes: 2,000 of them need several reads.
        assertEquals(n, nsh.size());
        List<String> ip = Ip.addrs(ns.name(), "big0").stream().map(a -> (String) a.get("local")).sorted().toList();
        assertEquals(n, ip.size());
        assertEquals(ip, nsh.stream().map(a -> Addresses.text(a.address())).sorted().toList());
    }
}

package dev.nsh;

import dev.nsh.ns.Namespaces;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.RootSnapshot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs after every other test class (junit-platform.properties orders classes by @Order) and checks
 * that the suite left the root namespace as {@link RootSnapshot} found it at session open, and left
 * no namespace or root link of this run behind. Catches, among others, a TARGET_NETNSID in a set
 * request that moves or changes a root link.
 */
@NeedsRoot
@Order(Integer.MAX_VALUE)
class RootUnchangedTest {

    @Test
    void rootLinksAddressesRoutesAndForwardingAreUnchanged() {
        RootSnapshot.State before = RootSnapshot.atOpen();
        RootSnapshot.State after = RootSnapshot.take();
        assertEquals(before.links(), after.links(), "root links");
        assertEquals(before.addrs(), after.addrs(), "root addresses");
        assertEquals(before.routes(), after.routes(), "root routes");
        assertEquals(before.ipForward(), after.ipForward(), "root net.ipv4.ip_forward");
    }

    @Test
    void noNamespaceOfThisRunRemains() {
        // Only this run's prefix: other test runs on the machine may hold nsht-* namespaces of their own.
        String prefix = TestNames.nsPrefix();
        List<String> left = Ip.json(null, "netns", "list").stream().map(m -> (String) m.get("name"))
                .filter(n -> n.startsWith(prefix)).toList();
        assertEquals(List.of(), left, "namespaces left by this run (ip netns list)");
        assertEquals(List.of(), Namespaces.list().stream().filter(n -> n.startsWith(prefix)).toList(), "Namespaces.list()");
    }

    @Test
    void noRootLinkOfThisRunRemains() {
        List<String> left = Ip.json(null, "link", "show").stream().map(m -> (String) m.get("ifname"))
                .filter(n -> n.startsWith(TestNames.ifacePrefix())).toList();
        assertEquals(List.of(), left);
    }
}

package example;

import dev.nsh.Nsh;
import dev.nsh.junit.NshExtension;
import dev.nsh.lab.Lab;
import dev.nsh.lab.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.nsh.junit.NshAssertions.assertNotReachable;
import static dev.nsh.junit.NshAssertions.assertReachableBothWays;
import static dev.nsh.junit.NshAssertions.assertRoute;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two hosts and a router between them, made anew for each test and removed after it. */
@ExtendWith(NshExtension.class)
class RouterTest {

    @Test
    void hostsReachEachOtherThroughTheRouter(Lab lab) {
        lab.chain(Map.of("routers", true), 2); // h1 -- r1 -- h2
        Node h1 = lab.node("h1"), h2 = lab.node("h2"), r1 = lab.node("r1");
        assertTrue(Nsh.exists(h1.namespaceName()), "ip netns list shows " + h1.namespaceName());
        assertRoute(h1, h2.ip(), r1);
        assertReachableBothWays(h1, h2);
    }

    @Test
    void aRouterThatDoesNotForwardCutsThemOff(Lab lab) {
        lab.chain(Map.of("routers", true), 2);
        lab.node("r1").ns().forwarding(false);
        assertNotReachable(lab.node("h1"), lab.node("h2"));
    }
}

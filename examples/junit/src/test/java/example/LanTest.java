package example;

import dev.nsh.junit.NshExtension;
import dev.nsh.junit.NshLab;
import dev.nsh.lab.Lab;
import dev.nsh.lab.Node;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static dev.nsh.junit.NshAssertions.assertNotReachable;
import static dev.nsh.junit.NshAssertions.assertReachable;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three hosts on a switch, for tests that run at once (junit-platform.properties turns parallel
 * execution on): each test has a lab of its own, so their h1, h2 and h3 never meet.
 */
@ExtendWith(NshExtension.class)
@Execution(ExecutionMode.CONCURRENT)
class LanTest {
    private final Lab lab;

    LanTest(Lab lab) {
        this.lab = lab;
    }

    @BeforeEach
    void lan() {
        lab.star(3); // h1 h2 h3 on switch s1
    }

    @Test
    void everyHostReachesEveryOther() {
        assertTrue(lab.pingAll().isOk());
    }

    @Test
    void aHostWhoseLinkIsDownIsCutOff() {
        Node h1 = lab.node("h1"), h3 = lab.node("h3");
        h3.ns().link("h3-eth0").down();
        assertNotReachable(h1, h3);
        assertReachable(h1, lab.node("h2"));
    }

    @Test
    @NshLab(ipv6 = true)
    void dualStackHostsReachEachOtherOverIpv6() {
        assertTrue(lab.isIpv6());
        assertReachable(lab.node("h1"), lab.node("h2").ip6());
        assertTrue(lab.pingAll6().isOk());
    }
}

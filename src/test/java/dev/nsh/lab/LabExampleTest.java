package dev.nsh.lab;

import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** examples/lab.groovy, run as a user runs it, leaves nothing behind. */
@NeedsRoot
class LabExampleTest {
    @Test
    void twoLansAndARouter() {
        Map<String, String> root = LabJudge.rootLinks();
        String lab = TestNames.ns("ex");
        try {
            LabChild r = LabChild.run("examples/lab.groovy", lab);
            assertEquals(0, r.status(), r.out());
            assertTrue(r.out().startsWith("*** Ping: testing ping reachability\na1 -> a2 b1 b2\n"), r.out());
            assertTrue(r.out().contains("*** Results: 0% dropped (12/12 received)\n"), r.out());
            assertTrue(r.out().contains("gw    router  " + lab + "-gw  gw-eth1    10.20.0.1/24  sb:sb-eth3"), r.out());
            LabJudge.assertNothingLeft(lab, root);
        } finally {
            LabJudge.assertLeftNothingOrDelete(lab);
        }
    }
}

package dev.nsh.cli;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The examples, run as a user runs them, twice in a row, leaving nothing behind. */
@NeedsRoot
class ExamplesTest {
    /** The name prefixes this test gave its scripts: what is left under them is removed after it, whatever happened. */
    private final List<String> prefixes = new java.util.ArrayList<>();

    private String prefix(String hint) {
        String p = TestNames.ns(hint);
        prefixes.add(p);
        return p;
    }

    /** A script that failed or timed out (killed, no shutdown hook) leaves its namespaces: they go here. */
    @org.junit.jupiter.api.AfterEach
    void removeWhatTheScriptsLeft() {
        for (String p : prefixes) {
            for (String ns : namespacesStartingWith(p)) {
                for (String pid : Ip.run("netns", "pids", ns).split("\\s+")) {
                    if (!pid.isEmpty()) ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
                Ip.run("netns", "del", ns);
            }
        }
    }

    private static List<String> namespacesStartingWith(String prefix) {
        return Ip.run("netns", "list").lines().map(l -> l.split(" ")[0]).filter(n -> n.startsWith(prefix)).toList();
    }

    private static List<String> rootLinks() {
        return Ip.linkNames(null);
    }

    @Test
    void routerJoinsTwoSubnets() {
        String p = prefix("rt");
        List<String> rootBefore = rootLinks();
        for (int run = 1; run <= 2; run++) {
            NshCommand r = NshCommand.run("examples/router.groovy", p);
            assertEquals(0, r.status(), "run " + run + ": " + r.err());
            assertTrue(r.out().contains("default via 10.1.0.1 dev eth0"), r.out());
            assertTrue(r.out().contains("3 packets transmitted, 3 received, 0% packet loss"), r.out());
            assertEquals(List.of(), namespacesStartingWith(p), "run " + run + " left namespaces");
        }
        assertEquals(rootBefore, rootLinks());
    }

    @Test
    void aHomeRoutersFirewall() {
        String p = TestNames.ns("fw");
        List<String> rootBefore = rootLinks();
        for (int run = 1; run <= 2; run++) {
            NshCommand r = NshCommand.run("examples/firewall.groovy", p);
            assertEquals(0, r.status(), "run " + run + ": " + r.err() + r.out());
            String out = r.out();
            assertTrue(out.contains("h -> w:80        hello 203.0.113.1, this is " + p + "-w"), out); // masqueraded
            assertTrue(out.contains("w -> r:8080      hello 203.0.113.20, this is " + p + "-h"), out); // forwarded
            assertTrue(out.contains("w -> h ping      0 of 1 answered"), out);
            assertTrue(out.contains("w -> r ping      1 of 1 answered"), out);
            assertTrue(out.contains("iifname \"wan\" ip daddr 192.168.1.10 tcp dport 80 counter packets 1 bytes 60 accept"), out);
            assertEquals(List.of(), namespacesStartingWith(p), "run " + run + " left namespaces");
        }
        assertEquals(rootBefore, rootLinks());
    }

    @Test
    void aNatRouterInALab() {
        String p = TestNames.ns("nat");
        for (int run = 1; run <= 2; run++) {
            NshCommand r = NshCommand.run("examples/nat-lab.groovy", p);
            assertEquals(0, r.status(), "run " + run + ": " + r.err() + r.out());
            String out = r.out();
            // gw takes .1 of each LAN it joins: 203.0.113.1 outside, isp is 203.0.113.2.
            assertTrue(out.contains("h2 -> isp:80          hello 203.0.113.1, this is isp"), out); // the server saw gw's outside address
            assertTrue(out.contains("isp -> 203.0.113.1:8080  hello 203.0.113.2, this is h1"), out); // gw's port reached h1
            assertEquals(List.of(), namespacesStartingWith(p), "run " + run + " left namespaces");
        }
    }

    @Test
    void threeHostsOnABridge() {
        String p = prefix("br");
        for (int run = 1; run <= 2; run++) {
            NshCommand r = NshCommand.run("examples/bridge.groovy", p);
            assertEquals(0, r.status(), "run " + run + ": " + r.err());
            assertTrue(r.out().contains("all 6 pings across the bridge were answered"), r.out());
            assertTrue(r.out().contains("master br0"), r.out());
            assertEquals(List.of(), namespacesStartingWith(p), "run " + run + " left namespaces");
        }
    }

    @Test
    void theBlogWalkthrough() {
        String a = prefix("w1"), b = prefix("w2");
        List<String> rootBefore = rootLinks();
        for (int run = 1; run <= 2; run++) {
            NshCommand r = NshCommand.run("examples/blog-walkthrough.groovy", a, b);
            assertEquals(0, r.status(), "run " + run + ": " + r.err() + r.out());
            String out = r.out();
            int at = 0;
            for (String step : List.of("$ ip link show", "$ ip netns add " + a, "$ arp", "$ ip link add veth-1 type veth peer name veth-2",
                    "veth-2@veth-1", "$ ip link set veth-1 netns " + a, "link-netns " + b, "$ ip netns exec " + a + " ip addr add 10.0.0.10/16",
                    "tcpdump -i veth-2 icmp", "64 bytes from 10.0.0.20: icmp_seq=5", "IP 10.0.0.10 > 10.0.0.20: ICMP echo request",
                    "IP 10.0.0.20 > 10.0.0.10: ICMP echo reply", "10 packets captured", "$ ip --all netns exec arp", "netns: " + b,
                    "10.0.0.10                ether", "netns: " + a, "10.0.0.20                ether",
                    "10.0.0.0/16 dev veth-1 proto kernel scope link src 10.0.0.10", "iptables -L",
                    "Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n\nChain FORWARD (policy ACCEPT)",
                    "$ ip netns delete", "(both deleted)")) {
                int i = out.indexOf(step, at);
                assertTrue(i >= 0, "step \"" + step + "\" missing or out of order in:\n" + out);
                at = i;
            }
            assertEquals(List.of(), namespacesStartingWith(a), "left " + a);
            assertEquals(List.of(), namespacesStartingWith(b), "left " + b);
            assertEquals(rootBefore, rootLinks(), "the root namespace's links are as before");
        }
    }

    @Test
    void theWalkthroughRefusesNamespacesItDidNotMake() {
        String a = prefix("mine"), b = prefix("w2");
        Ip.run("netns", "add", a);
        try {
            NshCommand r = NshCommand.run("examples/blog-walkthrough.groovy", a, b);
            assertEquals(1, r.status());
            assertTrue(r.err().contains("namespace " + a + " already exists"), r.err());
            assertTrue(Ip.run("netns", "list").contains(a), "the user's namespace is untouched");
            assertEquals(List.of(), namespacesStartingWith(b));
        } finally {
            Ip.run("netns", "del", a);
        }
    }
}

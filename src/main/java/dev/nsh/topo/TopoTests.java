package dev.nsh.topo;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.model.AddrInfo;
import dev.nsh.packet.ping.PingResult;
import dev.nsh.proc.ProcessResult;
import dev.nsh.proc.RunOptions;
import dev.nsh.topo.Topology.NodeSpec;
import dev.nsh.topo.Topology.TestSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/nsh test -t FILE}: runs the {@code tests:} of each node's {@code config.vars.nsh}
 * against the running lab, in file order: {@code ping: ADDRESS|NODE} (a node's first IPv4 address
 * as the kernel has it now) passes when a reply comes back ({@code count:} echoes, default 1), as
 * ping's exit status; {@code cmd: LINE} passes when it exits 0 ({@code sh -c} in the node, with its
 * {@code env}). One line a test; the status is the number of failures (at most 1 for the shell).
 */
public final class TopoTests {
    private TopoTests() {}

    /** Runs every test; returns how many failed. */
    public static int run(Topology t, PrintStream out) {
        int failed = 0, total = 0;
        for (NodeSpec n : t.nodes()) {
            for (TestSpec s : n.tests()) {
                total++;
                String why;
                try {
                    why = one(t, n, s);
                } catch (RuntimeException e) {
                    why = e.getMessage();
                }
                if (why == null) {
                    out.println("PASS " + s.describe());
                } else {
                    failed++;
                    out.println("FAIL " + s.describe() + " (" + s.where() + "): " + why);
                }
            }
        }
        out.println(total == 0 ? "no tests in " + t.file() + " (config.vars.nsh.tests of a node)"
                : "topology tests: " + (total - failed) + " of " + total + " passed");
        return failed;
    }

    /** Null when {@code s} passes, else why not. */
    private static String one(Topology t, NodeSpec n, TestSpec s) {
        Namespace ns = Nsh.existing(n.namespace(t));
        if (s.ping() != null) {
            String dst = s.ping();
            NodeSpec target = t.node(dst);
            if (target != null) dst = firstAddress(Nsh.existing(target.namespace(t)), dst);
            PingResult r = ns.ping(Map.of("count", s.count(), "quiet", true, "timeout", 2), dst);
            return r.received() > 0 ? null : "no reply from " + dst + " (" + r.transmitted() + " sent)";
        }
        ProcessResult r = ns.sh(RunOptions.of().env(n.env()).quiet(true).timeout(60), s.cmd());
        if (r.ok()) return null;
        String err = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
        return (r.timedOut() ? "timed out after 60 s" : "exited " + r.exitCode()) + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse(""));
    }

    private static String firstAddress(Namespace ns, String node) {
        List<AddrInfo> a = ns.addrs().asList();
        for (AddrInfo x : a) if (x.isIPv4() && !x.address().isLoopbackAddress()) return x.address().getHostAddress();
        throw new dev.nsh.error.InvalidInputException("node " + node + " has no IPv4 address to ping");
    }
}

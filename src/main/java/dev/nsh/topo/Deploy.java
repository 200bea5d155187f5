package dev.nsh.topo;

import dev.nsh.Namespace;
import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.lab.Lab;
import dev.nsh.lab.LabParts;
import dev.nsh.lab.LabState;
import dev.nsh.lab.Node;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Workers;
import dev.nsh.proc.ProcessResult;
import dev.nsh.proc.RunOptions;
import dev.nsh.tc.Netem;
import dev.nsh.topo.Topology.End;
import dev.nsh.topo.Topology.Kind;
import dev.nsh.topo.Topology.LinkSpec;
import dev.nsh.topo.Topology.NodeSpec;
import dev.nsh.topo.Topology.RouteSpec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked {@link Topology} made real as an nsh lab, kept when made: the namespaces (bridge nodes
 * with their bridge), each node's sysctls and forwarding, the veths, the routes, then each linux
 * node's exec commands in order (nodes in parallel). Anything failing removes all that was made,
 * and the error is what is thrown; a lab of that name already up is refused before anything is made.
 */
final class Deploy {
    private Deploy() {}

    static Lab run(Topology t, PrintStream out, PrintStream err) {
        if (Files.exists(LabState.file(t.labName()))) {
            throw new InvalidInputException("lab " + t.name() + " is running already (namespaces " + t.namespacePrefix() + "*, state file "
                    + LabState.file(t.labName()) + "); remove it first: scripts/nsh destroy -t " + t.file());
        }
        for (String w : t.warnings()) err.println("nsh: warning: " + w);
        Lab lab = Lab.open(t.labName()).ipv6(true).output(out);
        boolean made = false;
        try {
            if (!t.namespacePrefix().equals(t.labName() + "-")) LabParts.namespacePrefix(lab, t.namespacePrefix());
            build(lab, t, out);
            made = true;
        } finally {
            lab.keep(made);
            if (made) lab.output(new PrintStream(PrintStream.nullOutputStream()));
            lab.close();
            lab.output(out);
        }
        out.println("lab " + t.name() + " is up: " + lab.nodes().size() + " namespaces " + t.namespacePrefix() + "*, " + t.links().size()
                + (t.links().size() == 1 ? " link" : " links") + ". Remove it with: scripts/nsh destroy --name " + t.name());
        return lab;
    }

    private static void build(Lab lab, Topology t, PrintStream out) {
        List<String> hosts = new ArrayList<>(), routers = new ArrayList<>(), bridges = new ArrayList<>();
        for (NodeSpec n : t.nodes()) {
            if (n.kind() == Kind.BRIDGE) bridges.add(n.name());
            else if (n.kind() == Kind.LINUX) (n.forwarding() ? routers : hosts).add(n.name());
        }
        LabParts.nodes(lab, hosts, Node.Role.HOST);
        LabParts.nodes(lab, routers, Node.Role.ROUTER);
        List<Node> switches = LabParts.nodes(lab, bridges, Node.Role.SWITCH);
        LabParts.bridges(lab, switches);
        for (NodeSpec n : t.nodes()) {
            if (n.kind() != Kind.LINUX) continue;
            Namespace ns = lab.node(n.name()).ns();
            n.sysctls().forEach((k, v) -> ns.sysctl(k, v));
            if (n.forwarding()) lab.forwarding(n.name());
        }
        List<LabParts.Veth> veths = new ArrayList<>();
        for (LinkSpec l : t.links()) {
            End a = l.a(), b = l.b();
            if (a.isHost()) { // the node's end first: the veth is made from its namespace
                End x = a;
                a = b;
                b = x;
            }
            veths.add(new LabParts.Veth(end(lab, a), end(lab, b), l.mtu()));
        }
        LabParts.veths(lab, veths);
        for (LinkSpec l : t.links()) conditions(lab, l);
        for (NodeSpec n : t.nodes()) {
            for (RouteSpec r : n.routes()) lab.node(n.name()).ns().route(r.dst(), r.via(), r.dev(), 0);
        }
        exec(lab, t, out);
    }

    /**
     * A link's conditions on the egress of each end in a node (as Mininet's TCLink; never the host's
     * end), by the kernel: netem, or tbf for a rate alone. nsh's own engine lives only as long as the
     * process that runs it, and a deployed lab outlives its deploy, so where the kernel has no
     * sch_netem the file is refused (and the lab removed) rather than left without them.
     */
    private static void conditions(Lab lab, LinkSpec l) {
        if (l.conditions() == null) return;
        for (End e : List.of(l.a(), l.b())) {
            if (e.isHost()) continue;
            try {
                Netem.set(lab.node(e.node()).ns().netns(), e.ifname(), l.conditions(), "kernel");
            } catch (NshException bad) {
                String why = bad.getMessage().contains("no sch_netem")
                        ? "this kernel has no sch_netem, and a deployed lab outlives nsh's own engine (a rate alone works, with tbf;"
                        + " from a script, link.netem(...) applies the rest while the script runs)"
                        : bad.getMessage();
                throw new InvalidInputException(l.where() + ": link conditions " + l.conditions().brief() + " on " + e + ": " + why);
            }
        }
    }

    private static LabParts.End end(Lab lab, End e) {
        List<Cidr> addrs = new ArrayList<>();
        for (String a : e.addrs()) addrs.add(Cidr.parse(a));
        return new LabParts.End(e.isHost() ? null : lab.node(e.node()), e.ifname(), e.mac(), addrs);
    }

    /** Each node's exec commands in order, as {@code ip netns exec NS sh -c CMD}; nodes in parallel; outputs printed by node. */
    private static void exec(Lab lab, Topology t, PrintStream out) {
        List<NodeSpec> todo = t.nodes().stream().filter(n -> !n.exec().isEmpty()).toList();
        Map<String, List<ProcessResult>> done = new LinkedHashMap<>();
        for (NodeSpec n : todo) done.put(n.name(), new ArrayList<>());
        Workers.run("exec", todo, Workers.BUILD_THREADS, null, n -> {
            Namespace ns = lab.node(n.name()).ns();
            for (String cmd : n.exec()) {
                ProcessResult r = ns.sh(RunOptions.of().env(n.env()).quiet(true).timeout(120), cmd);
                synchronized (done) {
                    done.get(n.name()).add(r);
                }
                if (r.exitCode() != 0) {
                    throw new NshException("node " + n.name() + ": exec \"" + cmd + "\" exited " + r.exitCode()
                            + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip().lines().findFirst().orElse("")));
                }
            }
        });
        done.forEach((node, results) -> {
            for (ProcessResult r : results) {
                out.println(node + ": " + r.command().get(r.command().size() - 1));
                String text = (r.stdout() + r.stderr()).strip();
                if (!text.isEmpty()) text.lines().forEach(line -> out.println("    " + line));
            }
        });
    }
}

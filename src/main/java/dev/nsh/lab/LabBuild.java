package dev.nsh.lab;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.Cidr;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.ns.NamespaceIdentity;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ns.Workers;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.RouteOps;
import dev.nsh.ops.Sysctl;
import dev.nsh.proc.Background;
import dev.nsh.proc.Programs;
import dev.nsh.proc.RunOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a lab's plans become kernel objects: namespaces, bridges, veths, routes and background
 * processes, each recorded in the state file before it is made, inside the lab's building guard,
 * and made in parallel batches. {@link Lab} decides what to make (names, subnets, who joins whom)
 * and owns the lifecycle; this class only makes things, so that the API and the shapes share one
 * way of making them and Lab reads as the API it is.
 */
final class LabBuild {
    /** One veth to make: its ends, and the bridge each end joins (null: none). */
    record Plan(Wire wire, String masterA, String masterB) {}

    /** Whether the kernel has IPv6 at all (not booted with ipv6.disable=1). */
    private static final boolean HAS_IPV6 = java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/sys/net/ipv6"));

    private final Lab lab;
    /** What namespace names start with: null for the lab's name and "-". */
    private volatile String prefix;

    LabBuild(Lab lab) {
        this.lab = lab;
    }

    // ---- plans

    /** A point-to-point veth between {@code a} and {@code b} in a new /24, to pass to {@link #wire}. */
    Plan p2p(Node a, Node b) {
        return p2p(a, b, null, null);
    }

    /**
     * As {@link #p2p(Node, Node)}, in {@code subnet} (null: a new /24), at {@code addresses} (null,
     * or a null entry: the next free). Those given are claimed first; of the rest a router takes
     * the lower address when its peer is not one (it is the peer's gateway, .1 as on a LAN), else
     * {@code a} does.
     */
    Plan p2p(Node a, Node b, String subnet, List<?> addresses) {
        Cidr[] ends = new Cidr[2];
        Subnet s = lab.newSubnet(subnet, 2, null, sub -> {
            for (int i = 0; i < 2; i++) if (addresses != null && addresses.get(i) != null) ends[i] = sub.claim(String.valueOf(addresses.get(i)));
            boolean bFirst = b.role() == Node.Role.ROUTER && a.role() != Node.Role.ROUTER;
            for (int i : bFirst ? new int[] {1, 0} : new int[] {0, 1}) if (ends[i] == null) ends[i] = sub.nextAddress();
        });
        return new Plan(new Wire(new Port(a, a.nextIfname(), ends[0], s), new Port(b, b.nextIfname(), ends[1], s)), null, null);
    }

    /** A veth from {@code host} (addressed in {@code s}) to a port of the bridge in {@code sw}. */
    Plan toBridge(Node host, Node sw, Subnet s) {
        return toBridge(host, sw, s, s.nextAddress());
    }

    /** As {@link #toBridge(Node, Node, Subnet)}, {@code host} at {@code address} (taken from {@code s} already). */
    Plan toBridge(Node host, Node sw, Subnet s, Cidr address) {
        return new Plan(new Wire(new Port(host, host.nextIfname(), address, s), new Port(sw, sw.nextIfname(), null, s)), null, bridgeName(sw));
    }

    /** A veth between two bridges, both ends ports. */
    Plan bridgeToBridge(Node a, Node b, Subnet s) {
        return new Plan(new Wire(new Port(a, a.nextIfname(), null, s), new Port(b, b.nextIfname(), null, s)), bridgeName(a), bridgeName(b));
    }

    /** The bridge in switch {@code sw}: named as the switch, if that fits an interface name. */
    static String bridgeName(Node sw) {
        return sw.name().length() <= 15 ? sw.name() : "br0";
    }

    // ---- making them

    /** Creates nodes (namespaces) in parallel, after checking every name first. */
    List<Node> createNodes(List<String> names, Node.Role role) {
        String name = lab.name();
        Set<String> seen = new HashSet<>();
        List<Node> made = new ArrayList<>();
        for (String n : names) {
            Lab.checkName("node name", n);
            if (lab.hasNode(n) || !seen.add(n)) throw new InvalidInputException("lab " + name + " has a node \"" + n + "\" already");
            String ns = (prefix == null ? name + "-" : prefix) + n;
            dev.nsh.model.Names.namespace(ns);
            if (Namespaces.exists(ns)) {
                throw new NshException("node " + n + " of lab " + name + ": namespace " + ns + " exists already; a lab only uses namespaces it makes"
                        + " (if a killed lab left it: scripts/nsh --clean " + name + ")");
            }
            made.add(new Node(lab, n, ns, role));
        }
        List<LabRecord> records = new ArrayList<>();
        for (Node n : made) records.add(new LabRecord.Netns(n.namespaceName(), n.name(), role.name().toLowerCase(), null, null));
        LabState state = lab.state();
        lab.building(() -> {
            List<Integer> ids = state.plan(records);
            for (int i = 0; i < made.size(); i++) {
                made.get(i).recordId(ids.get(i));
                lab.adopt(made.get(i));
            }
            Progress p = Progress.start("building lab " + name, made.size());
            try {
                Workers.run("create namespaces", made, Workers.BUILD_THREADS, p::step, n -> {
                    lab.checkOpen();
                    // Each step is in the state file before the next is taken, so that --clean can
                    // remove what a kill at any moment leaves: the empty file that claims the name,
                    // or the namespace bound to it (LabClean tells them apart by these identities).
                    Netns made1 = Namespaces.create(n.namespaceName(), new Namespaces.CreationLog() {
                        @Override
                        public void claimed(NamespaceIdentity file) {
                            state.note(n.recordId(), "claim", file == null ? null : file.text());
                            state.flush();
                        }

                        @Override
                        public void made(NamespaceIdentity namespace) {
                            state.note(n.recordId(), "identity", namespace.text());
                            state.flush();
                        }
                    });
                    Namespace ns;
                    try {
                        ns = Nsh.existing(n.namespaceName());
                    } catch (RuntimeException | Error failed) { // made, yet not the node's: remove it again
                        try {
                            Namespaces.delete(n.namespaceName());
                        } catch (RuntimeException suppressed) {
                            failed.addSuppressed(suppressed);
                        }
                        throw failed;
                    }
                    n.created(ns, made1.identity());
                    prepare(ns.netns(), lab.isIpv6());
                });
            } finally {
                p.finish();
                state.flush();
            }
        });
        return made;
    }

    /** Names the lab's namespaces {@code prefix + NODE} instead of {@code LAB-NODE}; before the first node. */
    void namespacePrefix(String p) {
        if (!lab.nodes().isEmpty()) throw new IllegalStateException("lab " + lab.name() + ": namespace prefix after the first node");
        lab.state().namespacePrefix(p);
        prefix = p;
    }

    /** An attached lab's prefix, as its state file has it already (so not recorded again). */
    void restorePrefix(String p) {
        prefix = p;
    }

    /** A new node's namespace before any link: lo up, and its IPv6 as the lab's family plan wants it. */
    private static void prepare(Netns ns, boolean ipv6) {
        ns.onThread(() -> {
            LinkOps.setUp(ns, "lo", true);
            if (ipv6) {
                // DAD off for every interface made here, link-local ones too: while a router's
                // fe80:: address was tentative it sent no neighbour solicitation for packets it
                // forwarded, and routed IPv6 stalled 1 to 2 s after a build.
                Sysctl.set(ns, "net.ipv6.conf.all.accept_dad", "0");
                Sysctl.set(ns, "net.ipv6.conf.default.accept_dad", "0");
            } else if (HAS_IPV6) {
                // An IPv4 lab's links have no IPv6: each link coming up would send router
                // solicitations, MLD reports and DAD probes, which a bridge floods to every port,
                // n^2 packets for a LAN of n hosts; star(1000) dropped millions (softnet backlog)
                // and lost pings. Only links made from now on ("default"): lo keeps ::1.
                Sysctl.set(ns, "net.ipv6.conf.default.disable_ipv6", "1");
            }
            return null;
        });
    }

    /** A bridge (named as the switch) in each switch node, up. */
    void createBridges(List<Node> switches) {
        List<LabRecord> records = new ArrayList<>();
        for (Node sw : switches) records.add(new LabRecord.Link(sw.namespaceName(), bridgeName(sw), "bridge", null, null, null, null));
        lab.building(() -> {
            lab.state().plan(records);
            Workers.run("create bridges", switches, Workers.BUILD_THREADS, null, sw -> {
                lab.checkOpen();
                Netns ns = sw.ns().netns();
                LinkOps.ensureBridge(ns, bridgeName(sw));
                LinkOps.setUp(ns, bridgeName(sw), true);
            });
        });
    }

    /** Makes veths in parallel: create with each end in its namespace, enslave, address, up. */
    void wire(List<Plan> plans) {
        List<LabRecord> records = new ArrayList<>();
        for (Plan p : plans) {
            Port a = p.wire().a(), b = p.wire().b();
            if (!a.node().isCreated() || !b.node().isCreated()) throw new IllegalStateException("link " + p.wire() + " before its nodes");
            records.add(new LabRecord.Link(a.node().namespaceName(), a.ifname(), "veth", b.node().namespaceName(), b.ifname(),
                    a.address() == null ? null : a.address().toString(), b.address() == null ? null : b.address().toString()));
        }
        lab.building(() -> {
            lab.state().plan(records);
            for (Plan p : plans) {
                lab.addWire(p.wire());
                for (Port e : List.of(p.wire().a(), p.wire().b())) {
                    e.node().add(e);
                    if (e.subnet() != null) e.subnet().add(e);
                }
            }
            Progress pr = Progress.start("linking lab " + lab.name(), plans.size());
            try {
                Workers.run("create links", plans, Workers.BUILD_THREADS, pr::step, p -> {
                    lab.checkOpen();
                    Port a = p.wire().a(), b = p.wire().b();
                    Netns na = a.node().ns().netns(), nb = b.node().ns().netns();
                    veth(na, end(a, p.masterA()), nb, end(b, p.masterB()));
                });
            } finally {
                pr.finish();
            }
            Map<Subnet, List<Port>> lans = new LinkedHashMap<>();
            for (Plan p : plans) {
                for (Port e : List.of(p.wire().a(), p.wire().b())) {
                    if (e.subnet() != null && e.subnet().bridge() != null) lans.computeIfAbsent(e.subnet(), k -> new ArrayList<>()).add(e);
                }
            }
            lans.forEach((lan, added) -> StaticArp.add(lab, lan, added));
        });
    }

    /** Adds static routes (as {@link Routing} computes them) in parallel. */
    void createRoutes(List<Routing.Route> routes) {
        List<LabRecord> records = new ArrayList<>();
        for (Routing.Route r : routes) records.add(new LabRecord.Route(r.node().namespaceName(), r.dst().toString(), r.via().getHostAddress()));
        lab.building(() -> {
            lab.state().plan(records);
            Progress p = Progress.start("routing lab " + lab.name(), routes.size());
            try {
                Workers.run("add routes", routes, Workers.BUILD_THREADS, p::step, r -> {
                    lab.checkOpen();
                    RouteOps.ensure(r.node().ns().netns(), RouteOps.Spec.of(r.dst().toString(), r.via().getHostAddress(), null, 0));
                    lab.addRoute(r);
                });
            } finally {
                p.finish();
            }
        });
    }

    /** Starts {@code command} in the background in {@code n}, recorded so that teardown and --clean stop it. */
    Background spawn(Node n, String... command) {
        Background[] p = new Background[1];
        lab.building(() -> {
            LabState state = lab.state();
            int id = state.plan(new LabRecord.Process(n.namespaceName(), List.of(command), null, null));
            // On a worker, as every step that makes something: an interrupt of the caller must not
            // lose a program that was started but not yet recorded (teardown would not stop it).
            Workers.run("spawn " + command[0], List.of(n), 1, null, node -> {
                lab.checkOpen();
                p[0] = Programs.spawn(node.ns().netns(), RunOptions.of(), command);
                lab.addProcess(p[0]);
                state.note(id, "pid", p[0].pid());
                state.note(id, "start", ProcessHandle.of(p[0].pid()).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse(null));
                state.flush();
            });
        });
        return p[0];
    }

    /** How one end of a veth is set up once made: MTU and MAC (0, null: the kernel's), its bridge (or null), addresses. */
    record EndSetup(String ifname, int mtu, String mac, String master, List<Cidr> addrs) {}

    private static EndSetup end(Port p, String master) {
        List<Cidr> addrs = new ArrayList<>(2);
        if (p.address() != null) addrs.add(p.address());
        if (p.address6() != null) addrs.add(p.address6());
        return new EndSetup(p.ifname(), 0, null, master, addrs);
    }

    /**
     * A veth from {@code na} to {@code nb}, each end set up: each end's requests in one visit to its
     * namespace's thread (the ops run inline there), two hand-offs a link instead of seven. For the
     * lab's own shapes and for a topology's parts alike.
     */
    static void veth(Netns na, EndSetup a, Netns nb, EndSetup b) {
        na.onThread(() -> {
            LinkOps.ensureVeth(na, a.ifname(), nb, b.ifname());
            setUp(na, a);
            return null;
        });
        nb.onThread(() -> {
            setUp(nb, b);
            return null;
        });
    }

    /** MTU, MAC, into its bridge, IPv4 addresses, up, then IPv6 addresses. */
    private static void setUp(Netns ns, EndSetup e) {
        if (e.mtu() > 0) LinkOps.setMtu(ns, e.ifname(), e.mtu());
        if (e.mac() != null) LinkOps.setMac(ns, e.ifname(), e.mac());
        if (e.master() != null) LinkOps.setMaster(ns, e.ifname(), e.master());
        for (Cidr a : e.addrs()) if (a.isIPv4()) AddrOps.ensure(ns, e.ifname(), a, 0);
        LinkOps.setUp(ns, e.ifname(), true);
        // IPv6 without DAD, as a lab is used the moment it is built; and only once the link is up:
        // a nodad address added while it was down left the first neighbour solicitation unanswered
        // (the first ping took 1 s, the retransmit timer), with iproute2 as with nsh.
        for (Cidr a : e.addrs()) if (!a.isIPv4()) AddrOps.ensure(ns, e.ifname(), a, Ifa.F_NODAD);
    }
}

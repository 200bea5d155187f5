package dev.nsh.lab;

import dev.nsh.InvalidInputException;
import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.NshException;
import dev.nsh.model.Cidr;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.NeighOps;
import dev.nsh.ops.RouteOps;
import dev.nsh.ops.Sysctl;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A lab: a topology of namespaces that is built fast and removed completely. Everything it makes
 * is recorded in memory and, before it is made, in a state file ({@link LabState}); {@link #close()}
 * removes it all in reverse order, also when the block threw, on Ctrl-C, and (by a shutdown hook)
 * at JVM exit; {@code nsh --clean} removes what a killed process left.
 * <pre>
 * lab("demo") {
 *     star(3)                  // h1 h2 h3 on a bridge in switch s1: namespaces demo-h1 ... demo-s1
 *     pingAll()                // h1 -> h2 h3 ... *** Results: 0% dropped (6/6 received)
 *     show(); diagram("demo.svg")
 * }
 * try (Lab lab = Nsh.lab("demo")) { lab.pair(); lab.pingAll(); }   // Java
 * </pre>
 * Namespace names are the lab's name, "-", and the node's name, so labs never collide.
 */
public final class Lab implements AutoCloseable {
    private static final Set<Lab> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final String name;
    private final LabState state;
    private final SubnetAllocator allocator = new SubnetAllocator("10.0.0.0/8");
    private final Map<String, Node> nodes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<Node, Map<String, Object>> nodeEntries = new ConcurrentHashMap<>();
    private final List<Wire> wires = Collections.synchronizedList(new ArrayList<>());
    private final List<Subnet> subnets = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> routes = ConcurrentHashMap.newKeySet();
    private final List<dev.nsh.proc.Background> processes = Collections.synchronizedList(new ArrayList<>());
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
    private volatile boolean closing;
    private boolean closed;
    private volatile boolean keep;
    private PrintStream out = System.out;

    private Lab(String name) {
        this.name = name;
        this.state = LabState.create(name);
    }

    /** A new, empty lab; its state file is written at once. */
    public static Lab open(String name) {
        checkName("lab name", name);
        Lab lab = new Lab(name);
        installHook();
        OPEN.add(lab);
        return lab;
    }

    public String getName() {
        return name;
    }

    /** Keep the lab up when it closes (and print how to remove it later). */
    public Lab keep(boolean keep) {
        this.keep = keep;
        return this;
    }

    public boolean isKeep() {
        return keep;
    }

    /** Where show(), pingAll() and the keep message print (System.out unless set). */
    public Lab output(PrintStream out) {
        this.out = out;
        return this;
    }

    PrintStream out() {
        return out;
    }

    public Path getStateFile() {
        return state.path();
    }

    // ---- nodes

    /** A host {@code name} (namespace LAB-NAME), created now. */
    public Node host(String name) {
        return createNodes(List.of(name), Node.Role.HOST).get(0);
    }

    /** {@code n} hosts h1, h2 ... (numbering goes on from the hosts there are), created in parallel. */
    public List<Node> hosts(int n) {
        return createNodes(freshNames("h", n), Node.Role.HOST);
    }

    /** The node called {@code name}; an error if the lab has none. Groovy: {@code lab.h1}. */
    public Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) throw new InvalidInputException("lab " + this.name + " has no node \"" + name + "\"; it has " + nodeNames());
        return n;
    }

    /**
     * Groovy's property access: {@code h1} inside the block, {@code lab.h1} outside. Not a node:
     * MissingPropertyException, so that Groovy goes on to the script's own variables ({@code args}).
     */
    public Node get(String name) {
        Node n = nodes.get(name);
        if (n == null) throw new groovy.lang.MissingPropertyException(name, Lab.class);
        return n;
    }

    public List<Node> getNodes() {
        synchronized (nodes) {
            return List.copyOf(nodes.values());
        }
    }

    /** The hosts, in the order made. */
    public List<Node> getHosts() {
        return getNodes().stream().filter(n -> n.getRole() == Node.Role.HOST).toList();
    }

    public List<Wire> getWires() {
        synchronized (wires) {
            return List.copyOf(wires);
        }
    }

    public List<Subnet> getSubnets() {
        synchronized (subnets) {
            return List.copyOf(subnets);
        }
    }

    // ---- links

    /** A veth between {@code a} and {@code b} (nodes or their names), each end addressed from a new /24. */
    public Wire link(Object a, Object b) {
        return link(Map.of(), a, b);
    }

    /**
     * {@code link(h1, h2, subnet: "10.9.0.0/24", addresses: ["10.9.0.10", "10.9.0.20"])}: a veth with
     * generated names (h1-eth0 ...), addresses from {@code subnet} (or the next free /24).
     */
    public Wire link(Map<String, ?> opts, Object a, Object b) {
        LabOptions o = new LabOptions("link", opts, "subnet", "addresses");
        Node na = resolve(a), nb = resolve(b);
        if (na == nb) throw new InvalidInputException("link: both ends are node " + na.getName() + "; a link joins two nodes");
        List<?> given = o.list("addresses");
        if (given != null && given.size() != 2) {
            throw new InvalidInputException("link: addresses " + given + " has " + given.size() + " entries; it takes two, one per end");
        }
        Subnet s = newSubnet(o.string("subnet"), 2, null);
        Cidr ca = given == null ? s.nextAddress() : s.claim(String.valueOf(given.get(0)));
        Cidr cb = given == null ? s.nextAddress() : s.claim(String.valueOf(given.get(1)));
        Port pa = new Port(na, na.nextIfname(), ca, s), pb = new Port(nb, nb.nextIfname(), cb, s);
        Wire w = new Wire(pa, pb);
        wire(List.of(new Plan(w, null, null)));
        return w;
    }

    /**
     * A switch node {@code name} with a bridge, each of {@code hosts} attached by a veth and given
     * an address in one subnet (the next free block, or {@code subnet:}). Returns the subnet, which
     * {@link #router} can join.
     */
    public Subnet bridge(Map<String, ?> opts, String name, Object... hosts) {
        LabOptions o = new LabOptions("bridge", opts, "subnet");
        List<Node> hs = new ArrayList<>();
        for (Object h : hosts) hs.add(resolve(h));
        checkName("node name", name);
        if (nodes.containsKey(name)) throw new InvalidInputException("lab " + this.name + " has a node \"" + name + "\" already");
        Cidr sized = o.string("subnet") == null ? null : Cidr.parse(o.string("subnet"));
        if (sized != null && SubnetAllocator.capacity(sized) < hs.size() + 1L) {
            throw new InvalidInputException("bridge " + name + ": subnet " + sized + " holds " + SubnetAllocator.capacity(sized)
                    + " hosts; " + hs.size() + " need addresses");
        }
        Node sw = createNodes(List.of(name), Node.Role.SWITCH).get(0);
        String br = bridgeName(sw);
        createBridge(sw, br);
        Subnet s = newSubnet(o.string("subnet"), hs.size(), sw);
        List<Plan> plans = new ArrayList<>();
        for (Node h : hs) plans.add(toBridge(h, sw, s));
        wire(plans);
        return s;
    }

    public Subnet bridge(String name, Object... hosts) {
        return bridge(Map.of(), name, hosts);
    }

    /** Attaches more hosts to the bridge of {@code subnet}, each addressed in it. */
    public Subnet attach(Subnet subnet, Object... hosts) {
        Node sw = subnet.getBridge();
        if (sw == null) throw new InvalidInputException("subnet " + subnet + " is a point-to-point link, not a bridge's; nothing can be attached to it");
        List<Plan> plans = new ArrayList<>();
        for (Object h : hosts) {
            Node n = resolve(h);
            plans.add(toBridge(n, sw, subnet));
        }
        wire(plans);
        return subnet;
    }

    /**
     * A router {@code name}: forwarding on, joined to each of {@code nets} (a bridge's {@link Subnet},
     * or a node, which gets a point-to-point link of its own), and routes on every node so that
     * every subnet of the lab reaches every other through it.
     */
    public Node router(String name, Object... nets) {
        for (Object o : nets) {
            if (!(o instanceof Subnet) && !(o instanceof Node) && !(o instanceof CharSequence)) {
                throw new InvalidInputException("router " + name + ": " + o + " is neither a subnet (from bridge) nor a node");
            }
            if (o instanceof CharSequence c) resolve(c.toString());
            if (o instanceof Node n) resolve(n);
            if (o instanceof Subnet s && (s.getBridge() == null || !getSubnets().contains(s))) {
                throw new InvalidInputException("router " + name + ": subnet " + s + " is not a bridge's LAN of lab " + this.name
                        + "; pass a bridge's subnet or a node");
            }
        }
        if (nets.length == 0) throw new InvalidInputException("router " + name + ": no subnet or node to join; give at least one");
        Node r = createNodes(List.of(name), Node.Role.ROUTER).get(0);
        forwarding(r);
        List<Plan> plans = new ArrayList<>();
        for (Object o : nets) {
            if (o instanceof Subnet s) {
                Node sw = s.getBridge();
                if (sw == null) throw new InvalidInputException("router " + name + ": subnet " + s + " has no bridge to join; pass the node instead");
                plans.add(toBridge(r, sw, s));
            } else {
                plans.add(p2p(r, resolve(o)));
            }
        }
        wire(plans);
        route();
        return r;
    }

    /** Turns IPv4 forwarding on in {@code node} (a host that routes, as in chain(n)). */
    public Node forwarding(Object node) {
        Node n = resolve(node);
        if (n.markForwarding()) Sysctl.set(n.getNs().netns(), "net.ipv4.ip_forward", "1");
        return n;
    }

    /** Adds the static routes every node needs to reach every subnet through forwarding nodes. */
    public Lab route() {
        List<Routing.Route> todo = new ArrayList<>();
        for (Routing.Route r : Routing.compute(getNodes(), getSubnets())) if (!routes.contains(r.key())) todo.add(r);
        if (todo.isEmpty()) return this;
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Routing.Route r : todo) {
            entries.add(LabState.entry("kind", "route", "ns", r.node().getNamespaceName(), "dst", r.dst().toString(),
                    "via", r.via().getHostAddress()));
        }
        building("add routes", () -> {
            state.plan(entries);
            Progress p = Progress.start("routing lab " + name, todo.size());
            try {
                Workers.run("add routes", todo, Workers.BUILD_THREADS, p, r -> {
                    checkOpen();
                    RouteOps.add(r.node().getNs().netns(), RouteOps.Spec.of(r.dst().toString(), r.via().getHostAddress(), null, 0));
                    routes.add(r.key());
                });
            } finally {
                p.finish();
            }
        });
        return this;
    }

    // ---- ready shapes (see Shapes)

    /** h1 and h2 on one link. */
    public Lab pair() {
        Shapes.pair(this);
        return this;
    }

    /** n hosts in a line, the middle ones forwarding; {@code chain(n, routers: true)} puts a router between each two. */
    public Lab chain(Map<String, ?> opts, int n) {
        LabOptions o = new LabOptions("chain", opts, "routers");
        Shapes.chain(this, n, o.flag("routers"));
        return this;
    }

    public Lab chain(int n) {
        return chain(Map.of(), n);
    }

    /** n hosts on one bridge (switch s1), as Mininet's single topology. */
    public Lab star(int n) {
        Shapes.star(this, n);
        return this;
    }

    /** A tree of switches, {@code depth} levels, {@code fanout} children each, hosts at the leaves (Mininet's tree). */
    public Lab tree(int depth, int fanout) {
        Shapes.tree(this, depth, fanout);
        return this;
    }

    // ---- looking at it

    /** Pings every ordered pair of hosts once, concurrently; prints a matrix as Mininet's pingall. */
    public PingAll.Result pingAll() {
        List<PingAll.Target> targets = new ArrayList<>();
        for (Node h : getHosts()) targets.add(new PingAll.Target(h.getName(), h.getNs().netns(), h.address()));
        return PingAll.run(targets, out);
    }

    /** Hosts, links and addresses in a table (printed; also returned as text). */
    public LabTable show() {
        LabTable t = new LabTable(this);
        out.println(t);
        return t;
    }

    /** Writes a diagram: Graphviz DOT, SVG or PNG (by dot, if installed), Mermaid for .md / .mmd. */
    public Path diagram(String file) {
        return Diagram.write(this, Path.of(file), out);
    }

    /** Starts {@code command} in the background in {@code node} (as ns.spawn); it is stopped when the lab closes. */
    public dev.nsh.proc.Background spawn(Object node, String... command) {
        Node n = resolve(node);
        if (command.length == 0) throw new InvalidInputException("spawn: no program given");
        Map<String, Object> e = LabState.entry("kind", "process", "ns", n.getNamespaceName(), "command", List.of(command), "pid", null, "start", null);
        dev.nsh.proc.Background[] p = new dev.nsh.proc.Background[1];
        building("spawn " + command[0], () -> {
            state.plan(e);
            checkOpen();
            p[0] = dev.nsh.proc.Programs.spawn(n.getNs().netns(), dev.nsh.proc.RunOptions.of(), command);
            processes.add(p[0]);
            state.note(e, "pid", p[0].getPid());
            state.note(e, "start", ProcessHandle.of(p[0].getPid()).flatMap(h -> h.info().startInstant()).map(Object::toString).orElse(null));
            state.flush();
        });
        return p[0];
    }

    // ---- lifecycle

    /** Removes everything the lab made, in reverse order (or keeps it all with keep(true)). */
    @Override
    public void close() {
        closing = true;
        life.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            OPEN.remove(this);
            if (keep) {
                state.kept();
                out.println("lab " + name + " is kept: " + nodes.size() + " namespaces " + name + "-*. Remove it with: scripts/nsh --clean " + name);
                return;
            }
            boolean interrupted = Thread.interrupted();
            try {
                teardown();
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        } finally {
            life.writeLock().unlock();
        }
    }

    private void teardown() {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<dev.nsh.proc.Background> ps = new ArrayList<>(processes);
        Collections.reverse(ps);
        for (dev.nsh.proc.Background p : ps) p.stop();
        // Links, addresses and routes all live in the lab's namespaces and go with them.
        List<Node> ns = new ArrayList<>(getNodes());
        Collections.reverse(ns);
        ns.removeIf(n -> !n.isCreated());
        Progress p = Progress.start("removing lab " + name, ns.size());
        try {
            Workers.run("remove lab " + name, ns, Workers.BUILD_THREADS, p, n -> {
                try {
                    removeNamespace(n);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            });
        } finally {
            p.finish();
        }
        if (!failures.isEmpty()) {
            NshException e = new NshException("remove lab " + name + ": " + failures.get(0).getMessage()
                    + "; what is left is recorded in " + state.path() + " (scripts/nsh --clean " + name + ")", failures.get(0));
            for (Throwable t : failures.subList(1, failures.size())) e.addSuppressed(t);
            throw e;
        }
        state.delete();
    }

    private void removeNamespace(Node n) {
        String ns = n.getNamespaceName();
        if (!Namespaces.exists(ns)) return;
        Object identity = nodeEntries.get(n).get("identity");
        if (identity != null && !identity.equals(NamespaceIdentity.of(ns))) return; // replaced behind the lab's back: not ours
        Namespaces.delete(ns);
    }

    // ---- building blocks

    /** One veth to make: its ends, and the bridge each end joins (null: none). */
    record Plan(Wire wire, String masterA, String masterB) {}

    /** Makes veths in parallel: create with each end in its namespace, enslave, address, up. */
    void wire(List<Plan> plans) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Plan p : plans) {
            Port a = p.wire().a(), b = p.wire().b();
            if (!a.node().isCreated() || !b.node().isCreated()) throw new IllegalStateException("link " + p.wire() + " before its nodes");
            entries.add(LabState.entry("kind", "link", "ns", a.node().getNamespaceName(), "name", a.ifname(),
                    "peerNs", b.node().getNamespaceName(), "peer", b.ifname(),
                    "addr", a.address() == null ? null : a.address().toString(), "peerAddr", b.address() == null ? null : b.address().toString()));
        }
        building("create links", () -> {
            state.plan(entries);
            for (Plan p : plans) {
                wires.add(p.wire());
                for (Port e : List.of(p.wire().a(), p.wire().b())) {
                    e.node().add(e);
                    if (e.subnet() != null) e.subnet().add(e);
                }
            }
            Progress pr = Progress.start("linking lab " + name, plans.size());
            try {
                Workers.run("create links", plans, Workers.BUILD_THREADS, pr, p -> {
                    checkOpen();
                    Port a = p.wire().a(), b = p.wire().b();
                    Netns na = a.node().getNs().netns(), nb = b.node().getNs().netns();
                    // Each end's requests in one visit to its namespace's thread (the ops run inline
                    // there): two hand-offs a link instead of seven.
                    na.onThread(() -> {
                        LinkOps.createVeth(na, a.ifname(), nb, b.ifname());
                        setUp(na, a, p.masterA());
                        return null;
                    });
                    nb.onThread(() -> {
                        setUp(nb, b, p.masterB());
                        return null;
                    });
                });
            } finally {
                pr.finish();
            }
            Set<Subnet> lans = new java.util.LinkedHashSet<>();
            for (Plan p : plans) {
                for (Port e : List.of(p.wire().a(), p.wire().b())) if (e.subnet() != null && e.subnet().getBridge() != null) lans.add(e.subnet());
            }
            for (Subnet lan : lans) staticArp(lan);
        });
    }

    /**
     * Permanent ARP entries between every two addressed members of a bridge's LAN, as Mininet's
     * --arp: the kernel's ARP table is one for all namespaces, its dynamic entries capped at
     * gc_thresh3 (1024) in all, so a LAN of 40 hosts pinging each other overflows it ("neighbor
     * table overflow") and pings fail; permanent entries are not counted. The root namespace's
     * sysctls are not nsh's to raise.
     */
    private void staticArp(Subnet lan) {
        List<Port> ports = lan.getMembers().stream().filter(p -> p.address() != null).toList();
        // n * (n - 1) entries: beyond STATIC_ARP_MAX members that costs more than it saves.
        if (ports.size() < 2 || ports.size() > STATIC_ARP_MAX) return;
        Map<Port, String> macs = new ConcurrentHashMap<>();
        Workers.run("read MAC addresses", ports, Workers.BUILD_THREADS, null,
                p -> macs.put(p, LinkOps.get(p.node().getNs().netns(), p.ifname()).mac()));
        Progress pr = Progress.start("ARP entries for lab " + name, ports.size());
        try {
            Workers.run("add static ARP entries", ports, Workers.BUILD_THREADS, pr, p -> {
            checkOpen();
            Map<java.net.InetAddress, String> others = new LinkedHashMap<>();
            for (Port q : ports) if (q != p) others.put(q.address().address(), macs.get(q));
                NeighOps.replacePermanent(p.node().getNs().netns(), p.ifname(), others);
            });
        } finally {
            pr.finish();
        }
    }

    /** The largest LAN that gets static ARP entries (256 members: 65,280 entries). */
    static final int STATIC_ARP_MAX = 256;

    private static void setUp(Netns ns, Port p, String master) {
        if (master != null) LinkOps.setMaster(ns, p.ifname(), master);
        if (p.address() != null) AddrOps.add(ns, p.ifname(), p.address());
        LinkOps.setUp(ns, p.ifname(), true);
    }

    /** Creates nodes (namespaces) in parallel, after checking every name first. */
    List<Node> createNodes(List<String> names, Node.Role role) {
        Set<String> seen = new HashSet<>();
        List<Node> made = new ArrayList<>();
        for (String n : names) {
            checkName("node name", n);
            if (nodes.containsKey(n) || !seen.add(n)) throw new InvalidInputException("lab " + name + " has a node \"" + n + "\" already");
            String ns = name + "-" + n;
            dev.nsh.model.Names.namespace(ns);
            if (Namespaces.exists(ns)) {
                throw new NshException("node " + n + " of lab " + name + ": namespace " + ns + " exists already; a lab only uses namespaces it makes"
                        + " (if a killed lab left it: scripts/nsh --clean " + name + ")");
            }
            made.add(new Node(this, n, ns, role));
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Node n : made) {
            Map<String, Object> e = LabState.entry("kind", "netns", "name", n.getNamespaceName(), "node", n.getName(),
                    "role", role.name().toLowerCase(), "created", false, "inode", null, "identity", null);
            nodeEntries.put(n, e);
            entries.add(e);
        }
        building("create namespaces", () -> {
            state.plan(entries);
            for (Node n : made) nodes.put(n.getName(), n);
            Progress p = Progress.start("building lab " + name, made.size());
            try {
                Workers.run("create namespaces", made, Workers.BUILD_THREADS, p, n -> {
                    checkOpen();
                    Namespaces.create(n.getNamespaceName());
                    Namespace ns = Nsh.existing(n.getNamespaceName());
                    n.created(ns);
                    Map<String, Object> e = nodeEntries.get(n);
                    state.note(e, "created", true);
                    state.note(e, "inode", NamespaceIdentity.inode(n.getNamespaceName()));
                    state.note(e, "identity", NamespaceIdentity.of(n.getNamespaceName()));
                    state.flush(); // one small append: --clean then knows this namespace as the lab's
                    LinkOps.setUp(ns.netns(), "lo", true);
                });
            } finally {
                p.finish();
                state.flush();
            }
        });
        return made;
    }

    private void createBridge(Node sw, String br) {
        createBridges(List.of(sw));
    }

    /** A bridge (named as the switch) in each switch node, up. */
    void createBridges(List<Node> switches) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Node sw : switches) {
            entries.add(LabState.entry("kind", "link", "ns", sw.getNamespaceName(), "name", bridgeName(sw), "type", "bridge"));
        }
        building("create bridges", () -> {
            state.plan(entries);
            Workers.run("create bridges", switches, Workers.BUILD_THREADS, null, sw -> {
                checkOpen();
                Netns ns = sw.getNs().netns();
                LinkOps.createBridge(ns, bridgeName(sw));
                LinkOps.setUp(ns, bridgeName(sw), true);
            });
        });
    }

    /** A point-to-point veth between {@code a} and {@code b} in a new /24, to pass to {@link #wire}. */
    Plan p2p(Node a, Node b) {
        Subnet s = newSubnet(null, 2, null);
        return new Plan(new Wire(new Port(a, a.nextIfname(), s.nextAddress(), s), new Port(b, b.nextIfname(), s.nextAddress(), s)), null, null);
    }

    /** A veth from {@code host} (addressed in {@code s}) to a port of the bridge in {@code sw}. */
    Plan toBridge(Node host, Node sw, Subnet s) {
        return new Plan(new Wire(new Port(host, host.nextIfname(), s.nextAddress(), s), new Port(sw, sw.nextIfname(), null, s)), null, bridgeName(sw));
    }

    /** A veth between two bridges, both ends ports. */
    Plan bridgeToBridge(Node a, Node b, Subnet s) {
        return new Plan(new Wire(new Port(a, a.nextIfname(), null, s), new Port(b, b.nextIfname(), null, s)), bridgeName(a), bridgeName(b));
    }

    static String bridgeName(Node sw) {
        return sw.getName().length() <= 15 ? sw.getName() : "br0";
    }

    Subnet newSubnet(String given, int hosts, Node bridge) {
        Cidr c = given != null ? allocator.reserve(given) : hosts <= 2 ? allocator.next(24) : allocator.forHosts(hosts);
        Subnet s = new Subnet(c, bridge);
        subnets.add(s);
        return s;
    }

    /** Names prefix1, prefix2 ... not yet taken, {@code n} of them. */
    List<String> freshNames(String prefix, int n) {
        if (n < 1) throw new InvalidInputException("number of nodes " + n + " is not positive; it must be 1 or more");
        if (n > 10000) throw new InvalidInputException("number of nodes " + n + " is too large; a lab holds at most 10000");
        List<String> out = new ArrayList<>();
        for (int i = 1; out.size() < n; i++) if (!nodes.containsKey(prefix + i)) out.add(prefix + i);
        return out;
    }

    Node resolve(Object o) {
        if (o instanceof Node n) {
            if (nodes.get(n.getName()) != n) throw new InvalidInputException("node " + n.getName() + " is not of lab " + name);
            return n;
        }
        if (o instanceof CharSequence c) return node(c.toString());
        throw new InvalidInputException("\"" + o + "\" is not a node of lab " + name + "; give a node or its name");
    }

    /** Runs a step that makes things, unless the lab is closing; teardown waits for steps under way. */
    private void building(String what, Runnable step) {
        life.readLock().lock();
        try {
            checkOpen();
            step.run();
        } finally {
            life.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closing || closed) throw new NshException("lab " + name + " is closed (or closing); " + "nothing more can be made in it");
    }

    private String nodeNames() {
        synchronized (nodes) {
            return nodes.isEmpty() ? "none" : String.join(", ", nodes.keySet());
        }
    }

    static void checkName(String what, String n) {
        if (n == null || !n.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
            throw new InvalidInputException(what + " \"" + n + "\" is not allowed; it must be 1 to 32 letters, digits, \"_\", \".\" or \"-\","
                    + " starting with a letter or digit");
        }
    }

    private static synchronized void installHook() {
        if (hookInstalled) return;
        hookInstalled = true;
        Thread hook = new Thread(() -> {
            for (Lab lab : List.copyOf(OPEN)) {
                try {
                    lab.close();
                } catch (RuntimeException e) {
                    System.err.println("nsh: " + e.getMessage());
                }
            }
        }, "nsh-lab-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public String toString() {
        return "lab " + name + " (" + nodes.size() + " nodes, " + wires.size() + " links)";
    }
}

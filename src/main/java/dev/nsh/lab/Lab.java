package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import dev.nsh.model.Options;
import dev.nsh.ops.Sysctl;
import dev.nsh.packet.ping.PingAll;
import dev.nsh.proc.Background;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A lab: a topology of namespaces that is built fast and removed completely. Everything it makes
 * is recorded in memory and, before it is made, in a state file ({@link LabState}); {@link #close()}
 * removes it all in reverse order, also when the block threw, on Ctrl-C, and at JVM exit
 * ({@link LabLifecycle}); {@code nsh --clean} removes what a killed process left ({@link LabClean}).
 * <pre>
 * lab("demo") {
 *     star(3)                  // h1 h2 h3 on a bridge in switch s1: namespaces demo-h1 ... demo-s1
 *     pingAll()                // h1 -> h2 h3 ... *** Results: 0% dropped (6/6 received)
 *     show(); diagram("demo.svg")
 * }
 * try (Lab lab = Labs.lab("demo")) { lab.pair(); lab.pingAll(); }  // Java
 * </pre>
 * Namespace names are the lab's name, "-", and the node's name. A lab makes only namespaces whose
 * names are free (lab "a" with node "b-c" and lab "a-b" with node "c" would share "a-b-c": the
 * second is refused), and removes only those it made.
 */
public final class Lab implements AutoCloseable {
    static {
        dev.nsh.GroovyAccessors.install(); // lab.nodes reads lab.nodes() in Groovy
    }

    private final String name;
    private final LabState state;
    private final LabLifecycle life;
    private final Map<String, Node> nodes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Wire> wires = Collections.synchronizedList(new ArrayList<>());
    private final LabSubnets subnets = new LabSubnets();
    private final Set<String> routes = ConcurrentHashMap.newKeySet();
    private final LabBuild build = new LabBuild(this);
    private volatile boolean keep;
    private volatile boolean ipv6;
    private PrintStream out = System.out;

    Lab(String name, LabState state) {
        this.name = name;
        this.state = state;
        this.life = new LabLifecycle(this, state);
    }

    /** A new, empty lab; its state file is written at once. */
    public static Lab open(String name) {
        checkName("lab name", name);
        return new Lab(name, LabState.create(name));
    }

    /** A kept lab (or one open in this JVM) opened again by name: {@link LabAttach}. */
    public static Lab attach(String name) {
        return LabAttach.attach(name);
    }

    public String name() {
        return name;
    }

    /** Keep the lab up when it closes (and print how to remove it later). */
    public Lab keep(boolean keep) {
        this.keep = keep;
        return this;
    }

    /**
     * Dual stack: every subnet also gets an IPv6 /64 (fd00:0:0:N::/64), every addressed port the
     * IPv6 address with its IPv4 host number (without DAD, so usable at once), forwarding nodes
     * forward IPv6 and route() adds the IPv6 routes. Chosen before the first node.
     */
    public Lab ipv6(boolean on) {
        if (on != ipv6 && !nodes().isEmpty()) {
            throw new InvalidInputException("lab " + name + ": ipv6 is chosen before the first node; it has " + nodes().size() + " already");
        }
        this.ipv6 = on;
        return this;
    }

    public boolean isIpv6() { return ipv6; }

    public boolean isKeep() { return keep; }

    /** Where show(), pingAll() and the keep message print (System.out unless set). */
    public Lab output(PrintStream out) {
        this.out = out;
        return this;
    }

    PrintStream out() { return out; }

    public Path stateFile() { return state.path(); }

    // ---- nodes

    /** A host {@code name} (namespace LAB-NAME), created now. */
    public Node host(String name) {
        return build.createNodes(List.of(name), Node.Role.HOST).get(0);
    }

    /** {@code n} hosts h1, h2 ... (numbering goes on from the hosts there are), created in parallel. */
    public List<Node> hosts(int n) {
        return build.createNodes(freshNames("h", n), Node.Role.HOST);
    }

    /** The node called {@code name}; an error if the lab has none. Groovy: {@code lab.h1}. */
    public Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) throw new InvalidInputException("lab " + this.name + " has no node \"" + name + "\"; it has " + Node.names(nodes()));
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

    public List<Node> nodes() {
        synchronized (nodes) {
            return List.copyOf(nodes.values());
        }
    }

    /** The hosts, in the order made. */
    public List<Node> hosts() {
        return nodes().stream().filter(n -> n.role() == Node.Role.HOST).toList();
    }

    public List<Wire> wires() {
        synchronized (wires) {
            return List.copyOf(wires);
        }
    }

    public List<Subnet> subnets() {
        return subnets.all();
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
        Options o = new Options("link", opts, WireConditions.options("subnet", "addresses"));
        var conditions = WireConditions.parse(opts); // delay:, loss:, rate: ... on both ends, as TCLink
        Node na = resolve(a), nb = resolve(b);
        if (na == nb) throw new InvalidInputException("link: both ends are node " + na.name() + "; a link joins two nodes");
        List<?> given = o.list("addresses");
        if (given != null && given.size() != 2) {
            throw new InvalidInputException("link: addresses " + given + " has " + given.size() + " entries; it takes two, one per end");
        }
        LabBuild.Plan p = build.p2p(na, nb, o.string("subnet"), given);
        build.wire(List.of(p));
        WireConditions.apply(p.wire(), conditions);
        return p.wire();
    }

    /**
     * A switch node {@code name} with a bridge, each of {@code hosts} attached by a veth and given
     * an address in one subnet (the next free block, or {@code subnet:}). Returns the subnet, which
     * {@link #router} can join.
     */
    public Subnet bridge(Map<String, ?> opts, String name, Object... hosts) {
        Options o = new Options("bridge", opts, "subnet");
        List<Node> hs = new ArrayList<>();
        for (Object h : hosts) hs.add(resolve(h));
        checkName("node name", name);
        if (nodes.containsKey(name)) throw new InvalidInputException("lab " + this.name + " has a node \"" + name + "\" already");
        Cidr sized = o.string("subnet") == null ? null : Cidr.parse(o.string("subnet"));
        if (sized != null && SubnetAllocator.capacity(sized) < hs.size() + 1L) {
            throw new InvalidInputException("bridge " + name + ": subnet " + sized + " holds " + SubnetAllocator.capacity(sized)
                    + " hosts; " + hs.size() + " hosts and one address kept for a router need " + (hs.size() + 1));
        }
        StaticArp.checkFits("bridge " + name, null, hs.size(), ipv6);
        Node sw = build.createNodes(List.of(name), Node.Role.SWITCH).get(0);
        build.createBridges(List.of(sw));
        Subnet s = newSubnet(o.string("subnet"), hs.size(), sw);
        List<LabBuild.Plan> plans = new ArrayList<>();
        for (Node h : hs) plans.add(build.toBridge(h, sw, s));
        build.wire(plans);
        return s;
    }

    public Subnet bridge(String name, Object... hosts) {
        return bridge(Map.of(), name, hosts);
    }

    /** Attaches more hosts to the bridge of {@code subnet}, each addressed in it. */
    public Subnet attach(Subnet subnet, Object... hosts) {
        Node sw = subnet.bridge();
        if (sw == null) throw new InvalidInputException("subnet " + subnet + " is a point-to-point link, not a bridge's; nothing can be attached to it");
        List<Node> ns = new ArrayList<>();
        for (Object h : hosts) ns.add(resolve(h));
        StaticArp.checkFits("attach to " + subnet, subnet, ns.size(), ipv6);
        List<LabBuild.Plan> plans = new ArrayList<>();
        for (Node n : ns) plans.add(build.toBridge(n, sw, subnet));
        build.wire(plans);
        return subnet;
    }

    /**
     * A router {@code name}: forwarding on, joined to each of {@code nets} (a bridge's {@link Subnet},
     * or a node, which gets a point-to-point link of its own), and routes on every node so that
     * every subnet of the lab reaches every other through it. It takes .1 of each subnet (see
     * {@link LabRouter}) unless {@code addresses:} gives one per net (null: the usual one).
     */
    public Node router(Map<String, ?> opts, String name, Object... nets) {
        return LabRouter.make(this, opts, name, nets);
    }

    public Node router(String name, Object... nets) {
        return router(Map.of(), name, nets);
    }

    /** Turns IPv4 forwarding on in {@code node} (a host that routes, as in chain(n)); in a dual-stack lab IPv6 too. */
    public Node forwarding(Object node) {
        Node n = resolve(node);
        if (n.markForwarding()) Sysctl.forwarding(n.ns().netns(), true, ipv6);
        return n;
    }

    /** Adds the static routes every node needs to reach every subnet through forwarding nodes. */
    public Lab route() {
        List<Routing.Route> todo = new ArrayList<>();
        for (boolean six : ipv6 ? new boolean[] {false, true} : new boolean[] {false}) {
            for (Routing.Route r : Routing.compute(nodes(), subnets(), six)) if (!routes.contains(r.key())) todo.add(r);
        }
        if (!todo.isEmpty()) build.createRoutes(todo);
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
        Options o = new Options("chain", opts, "routers");
        Shapes.chain(this, n, o.flag("routers", false));
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
        return pingAll(false);
    }

    /** The same over the hosts' IPv6 addresses, in a dual-stack lab ({@code ipv6(true)}). */
    public PingAll.Result pingAll6() {
        if (!ipv6) {
            throw new InvalidInputException("pingAll6(): lab " + name + " has no IPv6 addresses; open it with lab(\"" + name
                    + "\", ipv6: true)");
        }
        return pingAll(true);
    }

    private PingAll.Result pingAll(boolean six) {
        List<PingAll.Target> targets = new ArrayList<>();
        for (Node h : hosts()) targets.add(new PingAll.Target(h.name(), h.ns().netns(), six ? h.address6() : h.address()));
        return PingAll.run(targets, out);
    }

    /** {@code iperf(h1, h2, seconds: 5)}: TCP (or {@code udp: true, rate: "10mbit"}) from h1 to h2, in-process, printed as Mininet's net.iperf. */
    public dev.nsh.tc.IperfResult iperf(Map<String, ?> opts, Object client, Object server) {
        return LabIperf.run(resolve(client), resolve(server), opts, out);
    }

    public dev.nsh.tc.IperfResult iperf(Object client, Object server) {
        return iperf(Map.of(), client, server);
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
    public Background spawn(Object node, String... command) {
        Node n = resolve(node);
        if (command.length == 0) throw new InvalidInputException("spawn: no program given");
        return build.spawn(n, command);
    }

    // ---- lifecycle

    /** Removes everything the lab made, in reverse order (or keeps it all with keep(true)). */
    @Override
    public void close() {
        life.close(keep);
    }

    // ---- for LabBuild and the shapes: the guard around each step that makes things, and the records

    void building(Runnable step) {
        life.building(step);
    }

    void checkOpen() {
        life.checkOpen();
    }

    LabState state() {
        return state;
    }

    boolean hasNode(String name) {
        return nodes.containsKey(name);
    }

    /** A node about to be made (recorded in the state file already). */
    void adopt(Node n) {
        nodes.put(n.name(), n);
    }

    void addWire(Wire w) {
        wires.add(w);
    }

    void addRoute(Routing.Route r) {
        routes.add(r.key());
    }

    void addProcess(Background p) {
        life.addProcess(p);
    }

    // ---- helpers for the API and the shapes

    /** The machinery that makes things; the shapes use it as the API does. */
    LabBuild build() {
        return build;
    }

    /** An error if subnet {@code given} could not be added now (it overlaps one of the lab's). */
    void checkSubnet(String given) {
        subnets.check(given);
    }

    /** Reserves subnet {@code given} for a later {@link #newSubnet} of it, or frees it again ({@link LabSubnets#hold}). */
    void holdSubnet(String given, boolean hold) {
        if (hold) subnets.hold(given);
        else subnets.unhold(given);
    }

    Subnet newSubnet(String given, int hosts, Node bridge) {
        return newSubnet(given, hosts, bridge, s -> {});
    }

    /** A new subnet (see {@link LabSubnets#add}); {@code claim} takes its addresses first. */
    Subnet newSubnet(String given, int hosts, Node bridge, Consumer<Subnet> claim) {
        return subnets.add(given, hosts, bridge, ipv6, claim);
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
            if (nodes.get(n.name()) != n) throw new InvalidInputException("node " + n.name() + " is not of lab " + name);
            return n;
        }
        if (o instanceof CharSequence c) return node(c.toString());
        throw new InvalidInputException("\"" + o + "\" is not a node of lab " + name + "; give a node or its name");
    }

    static void checkName(String what, String n) {
        if (n == null || !n.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
            throw new InvalidInputException(what + " \"" + n + "\" is not allowed; it must be 1 to 32 letters, digits, \"_\", \".\" or \"-\","
                    + " starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return "lab " + name + " (" + nodes.size() + " nodes, " + wires.size() + " links)";
    }
}

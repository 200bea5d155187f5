package dev.nsh.lab;

import dev.nsh.Namespace;
import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import groovy.lang.MissingMethodException;
import org.codehaus.groovy.runtime.InvokerHelper;
import dev.nsh.ns.NamespaceIdentity;
import dev.nsh.packet.ping.PingResult;
import dev.nsh.proc.ProcessResult;
import dev.nsh.table.AddrTable;
import dev.nsh.table.LinkTable;
import dev.nsh.table.RouteTable;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One namespace of a lab: a host, a switch (holding a bridge) or a router. Its namespace is named
 * after the lab and the node ({@code lab "demo"}, node {@code h1}: namespace {@code demo-h1}).
 * The common namespace calls are here too ({@code h1.ping(h2)}, {@code h1.addrs()}), and in Groovy
 * every other one of {@link Namespace} as well ({@code h1.arp()}, {@code h1.rules()},
 * {@code h1.nft("...")}, {@code h1.sysctl(...)}): a call the node lacks goes to its namespace.
 * From Java, everything else is on {@link #ns()}. Once the lab is closed (and not kept), a call
 * says so instead of acting on namespaces that are gone.
 */
public final class Node {
    /** What a node is for; it decides its shape in diagrams and whether pingAll pings it. */
    public enum Role { HOST, SWITCH, ROUTER }

    private final Lab lab;
    private final String name;
    private final String namespaceName;
    private final Role role;
    private final List<Port> ports = new ArrayList<>();
    private volatile Namespace ns;
    private volatile NamespaceIdentity identity;
    private volatile int recordId;
    private int nextPort;
    private boolean forwarding;

    Node(Lab lab, String name, String namespaceName, Role role) {
        this.lab = lab;
        this.name = name;
        this.namespaceName = namespaceName;
        this.role = role;
        this.nextPort = role == Role.SWITCH ? 1 : 0; // as Mininet: h1-eth0, s1-eth1 ...
    }

    /** The name in the lab ("h1"). */
    public String name() {
        return name;
    }

    /** The namespace's name ("demo-h1"), as {@code ip netns list} shows it. */
    public String namespaceName() {
        return namespaceName;
    }

    public Role role() {
        return role;
    }

    /** The namespace, for everything the language offers ({@code h1.ns.routes()}). */
    public Namespace ns() {
        if (ns == null) throw new IllegalStateException("node " + name + " of lab " + lab.name() + " has no namespace yet");
        if (!lab.isKeep()) {
            try {
                lab.checkOpen();
            } catch (NshException e) {
                throw new NshException("lab " + lab.name() + " is closed: node " + name + " and its namespace " + namespaceName + " are gone");
            }
        }
        return ns;
    }

    /** Groovy: a method the node lacks is its namespace's ({@code h1.arp()}, {@code h1.nft("...")}). */
    public Object methodMissing(String method, Object args) {
        Namespace n = ns();
        Object given = args;
        if (args instanceof Object[] a) { // other nodes given to a Namespace call are their namespaces (h1.iperf(h2))
            a = a.clone();
            for (int i = 0; i < a.length; i++) if (a[i] instanceof Node other) a[i] = other.ns();
            args = a;
        }
        try {
            return InvokerHelper.invokeMethod(n, method, args);
        } catch (MissingMethodException e) {
            if (!e.getMethod().equals(method) || e.getType() != Namespace.class) throw e;
            throw new MissingMethodException(method, Node.class, given instanceof Object[] g ? g : e.getArguments());
        }
    }

    /** Groovy: a property the node lacks is its namespace's ({@code h1.name}, {@code h1.root}). */
    public Object propertyMissing(String property) {
        return InvokerHelper.getProperty(ns(), property);
    }

    void created(Namespace ns, NamespaceIdentity identity) {
        this.identity = identity;
        this.ns = ns;
    }

    /** The namespace as made (null before), also while the lab closes: for teardown. */
    Namespace made() {
        return ns;
    }

    /** Which namespace the lab made for this node, so that teardown removes that one and no other. */
    NamespaceIdentity identity() {
        return identity;
    }

    /** Its record's id in the lab's state file. */
    int recordId() {
        return recordId;
    }

    void recordId(int id) {
        recordId = id;
    }

    boolean isCreated() {
        return ns != null;
    }

    /** The interfaces nsh made here, in the order made. */
    public synchronized List<Port> ports() {
        return List.copyOf(ports);
    }

    synchronized void add(Port p) {
        ports.add(p);
    }

    /** The next interface name: "h1-eth0", "h1-eth1" ..., a switch's from "s1-eth1" ("eth0" when the node's name is long). */
    synchronized String nextIfname() {
        int k = nextPort++;
        String n = name + "-eth" + k;
        return n.length() <= 15 ? n : "eth" + k;
    }

    /** An attached lab's interface {@code ifname} exists: the next one made is numbered after it. */
    synchronized void skipIfname(String ifname) {
        var m = java.util.regex.Pattern.compile("eth(\\d+)$").matcher(ifname);
        if (m.find()) nextPort = Math.max(nextPort, Integer.parseInt(m.group(1)) + 1);
    }

    synchronized boolean markForwarding() {
        if (forwarding) return false;
        forwarding = true;
        return true;
    }

    synchronized boolean isForwarding() {
        return forwarding;
    }

    /** The first IPv4 address nsh gave this node ("10.0.0.2" in star(3)'s h1), or null. */
    public String ip() {
        InetAddress a = address();
        return a == null ? null : a.getHostAddress();
    }

    InetAddress address() {
        for (Port p : ports()) if (p.address() != null) return p.address().address();
        return null;
    }

    /** Its first IPv6 address in a dual-stack lab ("fd00:0:0:1::1"), or null. */
    public String ip6() {
        InetAddress a = address6();
        return a == null ? null : dev.nsh.model.Addresses.text(a);
    }

    InetAddress address6() {
        for (Port p : ports()) if (p.address6() != null) return p.address6().address();
        return null;
    }

    /** Its IPv6 address in {@code subnet}, or null. */
    InetAddress address6In(Subnet subnet) {
        for (Port p : ports()) if (p.subnet() == subnet && p.address6() != null) return p.address6().address();
        return null;
    }

    /** Its IPv4 address in {@code subnet}, or null. */
    public InetAddress addressIn(Subnet subnet) {
        for (Port p : ports()) if (p.subnet() == subnet && p.address() != null) return p.address().address();
        return null;
    }

    // ---- the common namespace calls, for short scripts

    /** Pings {@code other}'s first address, printed like ping. */
    public PingResult ping(Map<String, ?> opts, Node other) {
        return ns().ping(opts, ipOf(other));
    }

    public PingResult ping(Node other) {
        return ping(Map.of(), other);
    }

    public PingResult ping(Map<String, ?> opts, String dst) {
        return ns().ping(opts, dst);
    }

    public PingResult ping(String dst) {
        return ns().ping(dst);
    }

    public LinkTable links() {
        return ns().links();
    }

    public AddrTable addrs() {
        return ns().addrs();
    }

    public RouteTable routes() {
        return ns().routes();
    }

    public ProcessResult run(String... command) {
        return ns().run(command);
    }

    public ProcessResult sh(String commandLine) {
        return ns().sh(commandLine);
    }

    /** "h1, h2, s1", or "none". */
    static String names(List<Node> nodes) {
        return nodes.isEmpty() ? "none" : String.join(", ", nodes.stream().map(Node::name).toList());
    }

    private static String ipOf(Node other) {
        String ip = other.ip();
        if (ip == null) throw new InvalidInputException("node " + other.name + " has no address to ping");
        return ip;
    }

    @Override
    public String toString() {
        return role.name().toLowerCase() + " " + name + " (" + namespaceName + ")";
    }
}

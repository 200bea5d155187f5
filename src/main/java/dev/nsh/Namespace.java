package dev.nsh;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NamespaceGoneException;
import dev.nsh.error.NshException;
import dev.nsh.model.Options;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.NeighOps;
import dev.nsh.ops.RouteOps;
import dev.nsh.ops.RuleOps;
import dev.nsh.ops.Sysctl;
import dev.nsh.packet.capture.Capture;
import dev.nsh.packet.capture.CaptureOptions;
import dev.nsh.packet.ping.Ping;
import dev.nsh.packet.ping.PingOptions;
import dev.nsh.packet.ping.PingResult;
import dev.nsh.proc.Background;
import dev.nsh.proc.NamespacePids;
import dev.nsh.proc.ProcessResult;
import dev.nsh.proc.Programs;
import dev.nsh.proc.RunOptions;
import dev.nsh.sys.Sys;
import dev.nsh.table.AddrTable;
import dev.nsh.table.ArpTable;
import dev.nsh.table.LinkTable;
import dev.nsh.table.NeighTable;
import dev.nsh.table.RouteTable;
import dev.nsh.table.RuleTable;
import dev.nsh.tc.Iperf;
import dev.nsh.tc.IperfResult;

import java.util.List;
import java.util.Map;

/**
 * A network namespace in the nsh language: {@code ns("ns-1")}. Every method runs on the
 * namespace's own thread and returns something to chain or to print:
 *
 * <pre>
 * def a = ns("ns-1"), b = ns("ns-2")
 * a.veth("veth-1").peer(b, "veth-2").addr("10.0.0.10/16").up()
 * a.route("default", via: "10.0.0.1")
 * a.links(); a.addrs(); a.routes(); a.arp()
 * </pre>
 */
public final class Namespace {
    static {
        GroovyAccessors.install(); // bg.pid reads bg.pid() in Groovy
    }

    private final String name;
    private final boolean host;
    private volatile Netns handle;

    Namespace(String name, Netns handle) {
        this(name, handle, false);
    }

    private Namespace(String name, Netns handle, boolean host) {
        this.name = name;
        this.handle = handle;
        this.host = host;
    }

    /** The namespace nsh started in: {@code root()}, not a namespace named "root" under /run/netns. */
    static Namespace host(Netns root) {
        return new Namespace("root", root, true);
    }

    public String name() {
        return name;
    }

    /**
     * The handle below the language, for {@code dev.nsh.ops} (the escape hatch). A namespace
     * deleted (or deleted and made again) outside nsh while this object held it is not acted on:
     * the call fails with "namespace X was deleted outside nsh" (NamespaceGoneException), and
     * {@code ns("X")} gets the namespace that has the name now.
     */
    public Netns netns() {
        Netns h = handle;
        if (host) return h != null && h.isOpen() ? h : (handle = Namespaces.root());
        if (h != null && (h.isGone() || h.isOpen() && !h.isCurrent())) {
            if (!h.isGone()) Namespaces.forget(h); // it no longer keeps the deleted namespace (and its veths) alive
            throw new NamespaceGoneException(name, "namespace " + name + " was deleted outside nsh");
        }
        if (h != null && h.isOpen()) return h;
        return handle = Namespaces.open(name);
    }

    /** Whether this is the host's namespace ({@code root()}). */
    public boolean isRoot() {
        return host;
    }

    // ---- links

    /** Begins a veth pair whose local end {@code name} is here; {@code .peer(...)} creates it. */
    public VethBuilder veth(String name) {
        dev.nsh.model.Names.iface(name);
        return new VethBuilder(this, name);
    }

    /** The existing link {@code name}; a clear error if there is none (one request). */
    public Link link(String name) {
        LinkOps.index(netns(), name);
        return new Link(this, name);
    }

    /** The bridge {@code name}, created (down) if missing. */
    public Link bridge(String name) {
        LinkOps.ensureBridge(netns(), name);
        return new Link(this, name);
    }

    // ---- routes, forwarding, sysctl

    /** {@code route("10.1.0.0/16", via: "10.0.0.1", dev: "veth-1", metric: 10, table: 100)}; an identical route is accepted. */
    public Namespace route(Map<String, ?> opts, String dst) {
        Options o = new Options("route", opts, "via", "dev", "metric", "table");
        RouteOps.ensure(netns(), RouteOps.Spec.of(dst, o.string("via"), o.string("dev"), o.integer("metric", 0), RouteOps.table(o.string("table"))));
        return this;
    }

    /** {@code route(dst, via, dev, metric)}; {@code via} or {@code dev} may be null, metric 0 for none. */
    public Namespace route(String dst, String via, String dev, int metric) {
        RouteOps.ensure(netns(), RouteOps.Spec.of(dst, via, dev, metric));
        return this;
    }

    public Namespace route(String dst, String via) {
        return route(dst, via, null, 0);
    }

    /** Refused with what is missing: a route needs {@code via:} or {@code dev:}. */
    public Namespace route(String dst) {
        return route(dst, null, null, 0);
    }

    /** {@code delRoute("10.1.0.0/16", via: "10.0.0.1", dev: "v1", metric: 10, table: 100)}, as ip route del; each option narrows the match. */
    public Namespace delRoute(Map<String, ?> opts, String dst) {
        Options o = new Options("delRoute", opts, "via", "dev", "metric", "table");
        RouteOps.delete(netns(), RouteOps.Spec.selector(dst, o.string("via"), o.string("dev"), o.integer("metric", 0), RouteOps.table(o.string("table"))));
        return this;
    }

    public Namespace delRoute(String dst) {
        return delRoute(Map.of(), dst);
    }

    /**
     * {@code rule(from: "10.0.0.0/24", to: "10.9.0.0/16", iif: "v1", oif: "v2", fwmark: 1, table: 100,
     * priority: 100, type: "lookup"|"blackhole"|"unreachable"|"prohibit", ipv6: false)}, as ip rule add
     * (a lookup of main when no table is given); an identical rule is accepted.
     */
    public Namespace rule(Map<String, ?> opts) {
        RuleOps.add(netns(), NamedOptions.rule("rule", opts));
        return this;
    }

    /** {@code delRule(priority: 100)} or by any of rule's options, as ip rule del; the first match goes. */
    public Namespace delRule(Map<String, ?> opts) {
        RuleOps.delete(netns(), NamedOptions.rule("delRule", opts));
        return this;
    }

    /** The IPv4 rules, as {@code ip rule}; {@code rules6()} as {@code ip -6 rule}. */
    public RuleTable rules() {
        return new RuleTable(RuleOps.list(netns(), Sys.AF_INET));
    }

    public RuleTable rules6() {
        return new RuleTable(RuleOps.list(netns(), Sys.AF_INET6));
    }

    /** IPv4 and IPv6 forwarding on or off (net.ipv4.ip_forward, net.ipv6.conf.all.forwarding). */
    public Namespace forwarding(boolean on) {
        Sysctl.forwarding(netns(), on, true);
        return this;
    }

    public String sysctl(String key) {
        return Sysctl.get(netns(), key);
    }

    public Namespace sysctl(String key, Object value) {
        Sysctl.set(netns(), key, String.valueOf(value));
        return this;
    }

    // ---- tables

    public LinkTable links() {
        return new LinkTable(LinkOps.list(netns()));
    }

    public AddrTable addrs() {
        return new AddrTable(LinkOps.list(netns()), dev.nsh.ops.AddrOps.list(netns()));
    }

    /** The main table, IPv4 (as {@code ip route}). */
    public RouteTable routes() {
        return new RouteTable(RouteOps.list(netns(), Sys.AF_INET));
    }

    /** {@code routes(table: 100)} (or "main", "local"): one table, IPv4, as {@code ip route show table 100}. */
    public RouteTable routes(Map<String, ?> opts) {
        return new RouteTable(RouteOps.list(netns(), Sys.AF_INET, NamedOptions.table("routes", opts)));
    }

    /** The main table, IPv6 (as {@code ip -6 route}). */
    public RouteTable routes6() {
        return new RouteTable(RouteOps.list(netns(), Sys.AF_INET6));
    }

    /** {@code routes6(table: 100)}: as {@code ip -6 route show table 100}. */
    public RouteTable routes6(Map<String, ?> opts) {
        return new RouteTable(RouteOps.list(netns(), Sys.AF_INET6, NamedOptions.table("routes6", opts)));
    }

    /** The neighbour table, printed like {@code arp}. */
    public ArpTable arp() {
        return new ArpTable(NeighOps.list(netns()));
    }

    /** The neighbour table, IPv4 and IPv6, as {@code ip neigh} ({@code .json} as {@code ip -j neigh}). */
    public NeighTable neighs() {
        return new NeighTable(NeighOps.list(netns()));
    }

    /** {@code neigh("10.0.0.2", lladdr: "02:00:00:00:00:02", dev: "v1")}: a permanent entry (IPv6 too), as ip neigh replace ... nud permanent. */
    public Namespace neigh(Map<String, ?> opts, String ip) {
        Options o = new Options("neigh", opts, "lladdr", "dev");
        if (o.string("lladdr") == null || o.string("dev") == null) {
            throw new InvalidInputException("neigh " + ip + ": give lladdr: (the MAC) and dev: (the link)");
        }
        NeighOps.replacePermanent(netns(), o.string("dev"), Map.of(dev.nsh.model.Cidr.parseAddress(ip, ip), o.string("lladdr")));
        return this;
    }

    /** {@code delNeigh("10.0.0.2", dev: "v1")}, as ip neigh del. */
    public Namespace delNeigh(Map<String, ?> opts, String ip) {
        Options o = new Options("delNeigh", opts, "dev");
        if (o.string("dev") == null) throw new InvalidInputException("delNeigh " + ip + ": give dev: (the link)");
        NeighOps.delete(netns(), o.string("dev"), ip);
        return this;
    }

    // ---- firewall (nf_tables)

    /**
     * Applies an nft script here, all or nothing: {@code nft("add rule inet filter input tcp dport 22
     * accept")}, or whole tables in nft's block form. An error in the script names the word, its
     * line and column and the rule it broke, and nothing is changed.
     */
    public Namespace nft(String script) {
        dev.nsh.nft.Nft.apply(netns(), script);
        return this;
    }

    /** The ruleset, printed like {@code nft list ruleset}; also data (tables, chains, rules) and {@code .json} like {@code nft -j}. */
    public dev.nsh.nft.Ruleset nft() {
        return dev.nsh.nft.Nft.list(netns());
    }

    /** The filter table as {@code iptables -L -n} prints it (iptables-nft's rules, read from nf_tables; no iptables binary). */
    public dev.nsh.nft.IptablesTable iptables() {
        return iptables("filter");
    }

    /** {@code iptables("nat")}: the table "filter", "nat", "mangle" or "raw", as {@code iptables -t TABLE -L -n} prints it. */
    public dev.nsh.nft.IptablesTable iptables(String table) {
        return dev.nsh.nft.Nft.iptables(netns(), table);
    }

    // ---- packets

    /**
     * {@code ping("10.0.0.20", count: 5, interval: 0.2, timeout: 1, deadline: 10, size: 56, ttl: 64,
     * src: "10.0.0.10", dev: "veth-1")}, printed like iputils ping; returns the figures.
     */
    public PingResult ping(Map<String, ?> opts, String dst) {
        Options o = new Options("ping", opts, NamedOptions.PING);
        return Ping.run(netns(), NamedOptions.ping(o, dst), o.flag("quiet", false) ? null : System.out);
    }

    /** Four echo requests, one a second, printed like ping. */
    public PingResult ping(String dst) {
        return ping(Map.of(), dst);
    }

    /** Java: {@code ping(PingOptions.to("10.0.0.20").count(5))}. */
    public PingResult ping(PingOptions options) {
        return Ping.run(netns(), options, System.out);
    }

    /**
     * {@code capture("veth-2", filter: "icmp", count: 10, timeout: 5, pcap: "/tmp/x.pcap", snaplen: 262144, quiet: false)}:
     * with a count or a timeout it captures straight away and returns the finished capture;
     * without, it returns a {@link CaptureRequest} to {@code .start()} (background) or {@code .run()}.
     */
    public Object capture(Map<String, ?> opts, String dev) {
        Options o = new Options("capture", opts, NamedOptions.CAPTURE);
        CaptureOptions c = NamedOptions.capture(o);
        if (!dev.equals(Capture.ANY)) LinkOps.index(netns(), dev); // a missing link is named before any capture
        CaptureRequest r = new CaptureRequest(this, dev, c, o.flag("quiet", false));
        return o.has("count") || o.has("timeout") ? r.run() : r;
    }

    public CaptureRequest capture(String dev) {
        return capture(dev, CaptureOptions.filter(""));
    }

    /** Java: {@code capture("veth-2", CaptureOptions.filter("icmp")).start()}. */
    public CaptureRequest capture(String dev, CaptureOptions options) {
        if (!dev.equals(Capture.ANY)) LinkOps.index(netns(), dev);
        return new CaptureRequest(this, dev, options, false);
    }

    // ---- programs (ip netns exec; the mechanism is in dev.nsh.proc)

    /**
     * Runs a program in this namespace as {@code ip netns exec} does (its network, its /sys,
     * /etc/netns/NAME over /etc), no shell in between, printing its output as it comes:
     * {@code run("ip", "-br", "addr", env: [LC_ALL: "C"], dir: "/tmp", input: "text", timeout: 5,
     * check: true, quiet: true)}.
     */
    public ProcessResult run(Map<String, ?> opts, String... command) {
        return Programs.run(netns(), NamedOptions.run("run", opts, false), command);
    }

    public ProcessResult run(String... command) {
        return Programs.run(netns(), RunOptions.of(), command);
    }

    /** Java: {@code run(RunOptions.of().timeout(5).check(true), "ip", "link")}. */
    public ProcessResult run(RunOptions options, String... command) {
        return Programs.run(netns(), options, command);
    }

    /** Runs a command line through {@code /bin/sh -c} in this namespace; the options of {@code run}. */
    public ProcessResult sh(Map<String, ?> opts, String commandLine) {
        return Programs.sh(netns(), NamedOptions.run("sh", opts, false), commandLine);
    }

    public ProcessResult sh(String commandLine) {
        return Programs.sh(netns(), RunOptions.of(), commandLine);
    }

    public ProcessResult sh(RunOptions options, String commandLine) {
        return Programs.sh(netns(), options, commandLine);
    }

    /**
     * Starts a program in the background (a server): {@code spawn("python3", "-m", "http.server",
     * quiet: true)}; {@code .stop()} ends it and its children. It is stopped when nsh ends, unless
     * {@code detach: true}. Options as {@code run}, without timeout and check, with detach.
     */
    public Background spawn(Map<String, ?> opts, String... command) {
        return Programs.spawn(netns(), NamedOptions.run("spawn", opts, true), command);
    }

    public Background spawn(String... command) {
        return Programs.spawn(netns(), RunOptions.of(), command);
    }

    public Background spawn(RunOptions options, String... command) {
        return Programs.spawn(netns(), options, command);
    }

    /** An interactive shell in this namespace on the terminal; returns its exit status when it ends. */
    public int shell() {
        return Programs.shell(netns());
    }

    /** The processes in this namespace (as {@code ip netns pids}). */
    public List<Long> pids() {
        return NamespacePids.of(netns());
    }

    // ---- lifecycle

    /**
     * An in-process throughput test to {@code server}, as iperf3's: {@code a.iperf(b, seconds: 5,
     * parallel: 1, to: "10.0.0.2", port: 5201)}, TCP; {@code udp: true, rate: "10mbit", length:
     * 1460} UDP with loss and jitter; {@code rate:} paces TCP too; printed as iperf3's summary.
     */
    public IperfResult iperf(Map<String, ?> opts, Namespace server) {
        return Iperf.run(netns(), server.netns(), opts == null ? Map.of() : opts);
    }

    public IperfResult iperf(Namespace server) {
        return iperf(Map.of(), server);
    }

    /** Deletes the namespace (ip netns del); links inside go with it. */
    public void delete() {
        if (isRoot()) throw new InvalidInputException("the root namespace cannot be deleted");
        Netns h = netns(); // a namespace made under this name since is not this object's to delete
        if (!Namespaces.deleteIf(name, h.identity()::equals)) {
            throw new NshException("delete namespace " + name + ": it does not exist (no " + Namespaces.path(name) + ")");
        }
        handle = null;
    }

    public boolean exists() {
        return host || Namespaces.exists(name);
    }

    @Override
    public String toString() {
        return host ? "the root namespace" : "namespace " + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Namespace n && n.name.equals(name) && n.host == host;
    }

    @Override
    public int hashCode() {
        return name.hashCode() + (host ? 1 : 0);
    }
}

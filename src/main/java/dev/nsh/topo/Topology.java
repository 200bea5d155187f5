package dev.nsh.topo;

import dev.nsh.model.LinkConditions;

import java.util.List;
import java.util.Map;

/**
 * A topology file as nsh deploys it, checked whole ({@link ClabFile#read}): the lab's name, the
 * nodes with what each runs, the veths, and the warnings for what nsh leaves out. Every value
 * was valid where it stood in the file, so deploying it fails only where the kernel says no.
 *
 * @param labName the nsh lab's name: {@code clab-NAME} by default ({@code prefix: p} gives
 *                {@code p-NAME}, {@code __lab-name} and {@code ""} give {@code NAME})
 * @param namespacePrefix what every node's namespace name starts with: {@code labName-}, or
 *                nothing for {@code prefix: ""}
 */
public record Topology(String file, String name, String labName, String namespacePrefix, List<NodeSpec> nodes, List<LinkSpec> links,
                       List<String> warnings) {

    /** Kinds of node nsh makes: a namespace, a namespace holding a bridge, or the host itself. */
    public enum Kind { LINUX, BRIDGE, HOST }

    /**
     * A node: {@code exec} run in order after the links, with {@code env}; {@code sysctls} (net.*
     * only) set before; nsh's extensions (config.vars.nsh): forwarding, routes, tests.
     */
    public record NodeSpec(String name, Kind kind, List<String> exec, Map<String, String> env, Map<String, String> sysctls,
                           boolean forwarding, List<RouteSpec> routes, List<TestSpec> tests) {
        public String namespace(Topology t) {
            return t.namespacePrefix() + name;
        }
    }

    /** A static route of a node's extension: {@code dst} (a prefix or "default"), via a gateway and/or a device. */
    public record RouteSpec(String dst, String via, String dev) {}

    /** A test of a node's extension: {@code ping} an address or a node's first address, or run {@code cmd}; {@code where} is its FILE:LINE:COL. */
    public record TestSpec(String node, String ping, String cmd, int count, String where) {
        public String describe() {
            return node + ": " + (ping != null ? "ping " + ping : "cmd " + cmd);
        }
    }

    /** One end of a veth: node (null for the host), interface, MAC (or null), addresses (CIDR, IPv4 and IPv6). */
    public record End(String node, String ifname, String mac, List<String> addrs) {
        public boolean isHost() {
            return node == null;
        }

        @Override
        public String toString() {
            return (node == null ? "host" : node) + ":" + ifname;
        }
    }

    /** A veth between {@code a} and {@code b}, with its MTU (0: the kernel's default); {@code where} is its FILE:LINE:COL. */
    /** A link; {@code conditions} are its vars.nsh delay, loss, rate ... (null when it has none). */
    public record LinkSpec(End a, End b, int mtu, String where, LinkConditions conditions) {}

    public NodeSpec node(String name) {
        for (NodeSpec n : nodes) if (n.name().equals(name)) return n;
        return null;
    }
}

package dev.nsh.topo;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.Cidr;
import dev.nsh.model.Names;
import dev.nsh.topo.Topology.Kind;
import dev.nsh.topo.Topology.NodeSpec;
import dev.nsh.topo.Topology.RouteSpec;
import dev.nsh.topo.Topology.TestSpec;
import dev.nsh.topo.Yaml.Y;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * containerlab's topology file ({@code NAME.clab.yml}), read and checked whole before anything is
 * made: {@code name}, {@code prefix}, {@code topology.defaults/kinds/groups/nodes/links}, as
 * containerlab's documentation and JSON schema (schemas/clab.schema.json) define them. A key the
 * schema does not have is an error naming it and its line; a field that needs a container
 * ({@code image}, {@code binds}, {@code cmd} ...) is one warning line; a kind that needs a
 * container image is an error. Links are read by {@link ClabLinks}.
 *
 * <p>nsh's extensions sit where the schema takes any value: a node's {@code config.vars.nsh}
 * ({@code forwarding}, {@code routes}, {@code tests}), a link's {@code vars.nsh}.
 */
public final class ClabFile {
    private ClabFile() {}

    static final Set<String> TOP = Set.of("name", "prefix", "mgmt", "topology", "settings", "debug");
    static final Set<String> TOPOLOGY = Set.of("nodes", "groups", "kinds", "defaults", "links");
    /** node-config's properties in containerlab's schema: every key a node, group, kind or the defaults may have. */
    static final Set<String> NODE_KEYS = Set.of("image", "image-pull-policy", "restart-policy", "kind", "license", "type", "group",
            "startup-config", "startup-delay", "enforce-startup-config", "suppress-startup-config", "auto-remove", "exec", "binds",
            "volumes", "ports", "env", "credentials", "env-files", "user", "hostname", "entrypoint", "cmd", "labels", "runtime",
            "mgmt-ipv4", "mgmt-ipv6", "network-mode", "link-apply-mode", "cpu", "memory", "cpu-set", "extras", "config", "stages",
            "dns", "certificate", "healthcheck", "components", "aliases", "shm-size", "cap-add", "privileged", "cgroupns-mode",
            "cgroup-parent", "pid-mode", "tmpfs", "security-opts", "sysctls", "devices");
    /** What nsh does with: the rest of NODE_KEYS changes nothing a namespace has, and is a warning. */
    private static final Set<String> USED = Set.of("kind", "group", "exec", "env", "config", "sysctls", "labels", "network-mode");
    /** containerlab's kinds (the schema's enum), all but linux, bridge and host needing a container or VM image. */
    static final Set<String> KINDS = Set.of("nokia_srlinux", "arista_ceos", "juniper_crpd", "juniper_csrx", "sonic-vs", "sonic-vm",
            "nokia_sros", "nokia_srsim", "juniper_vmx", "juniper_vqfx", "juniper_vsrx", "juniper_vjunosrouter", "juniper_vjunosswitch",
            "juniper_vjunosevolved", "cisco_xrv", "cisco_xrv9k", "arista_veos", "cisco_csr1000v", "paloalto_panos", "mikrotik_ros",
            "6wind_vsr", "cisco_n9kv", "cisco_ftdv", "dell_ftosv", "dell_sonic", "aruba_aoscx", "linux", "bridge", "ovs-bridge",
            "border0", "host", "keysight_ixia-c-one", "ipinfusion_ocnos", "checkpoint_cloudguard", "ciena_saos", "ext-container", "rare",
            "cisco_xrd", "cisco_xrd_vrouter", "cisco_c8000", "cisco_c8000v", "cisco_cat9kv", "cisco_iol", "cisco_asav", "cisco_vios",
            "nvidia_cumulusvx", "huawei_vrp", "openbsd", "freebsd", "generic_vm", "fortinet_fortigate", "k8s-kind", "fdio_vpp",
            "vyosnetworks_vyos", "juniper_cjunosevolved", "arrcus_arcos", "f5_bigip-ve", "cisco_sdwan", "openwrt", "spirent_stc",
            "veesix_osvbng", "ostinato", "plvision_sonic", "cumulus_cvx");
    private static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9._-]*";

    /** Reads and checks {@code file}; {@code nameOverride} (or null) replaces its {@code name}, as containerlab's --name. */
    public static Topology read(Path file, String nameOverride) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("topology file " + file + " does not exist");
        } catch (IOException e) {
            throw new NshException("read topology file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), text, nameOverride);
    }

    /** As {@link #read}, from text; {@code file} names it in errors. */
    public static Topology parse(String file, String text, String nameOverride) {
        Y doc = Yaml.parse(file, text);
        if (!doc.isMap()) throw doc.fail("a topology file is a map with name: and topology:; this is " + doc.describe());
        checkKeys(doc, TOP, "the top level");
        List<String> warnings = new ArrayList<>();
        for (String k : List.of("mgmt", "settings", "debug")) {
            if (doc.get(k) != null) warnings.add(doc.key(k).where() + ": " + k + ": ignored (nsh has no containers and no management network)");
        }
        String name = nameOverride;
        if (name == null) {
            Y n = doc.get("name");
            if (n == null) throw doc.fail("no name: a topology file names its lab (name: demo)");
            name = n.asText("name");
            if (!name.matches(NAME)) throw n.fail("name \"" + name + "\" is not allowed; it must be letters, digits, \".\", \"_\" or \"-\", starting with a letter or digit");
        } else if (!name.matches(NAME)) {
            throw new InvalidInputException("lab name \"" + name + "\" is not allowed; it must be letters, digits, \".\", \"_\" or \"-\", starting with a letter or digit");
        }
        String labName = labName(doc.get("prefix"), name, nameOverride == null ? doc.get("name") : null);
        boolean bare = doc.get("prefix") != null && (doc.get("prefix").isNull() || doc.get("prefix").asText("prefix").isEmpty());
        String nsPrefix = bare ? "" : labName + "-";
        Y topo = doc.get("topology");
        if (topo == null) throw doc.fail("no topology: a topology file has topology.nodes");
        Map<String, Y> t = topo.asMap("topology");
        checkKeys(topo, TOPOLOGY, "topology");
        Y defaults = t.get("defaults");
        Map<String, Y> kinds = t.containsKey("kinds") ? t.get("kinds").asMap("topology.kinds") : Map.of();
        Map<String, Y> groups = t.containsKey("groups") ? t.get("groups").asMap("topology.groups") : Map.of();
        if (defaults != null) checkNode(defaults, "topology.defaults");
        for (Map.Entry<String, Y> e : kinds.entrySet()) {
            if (!KINDS.contains(e.getKey())) throw t.get("kinds").key(e.getKey()).fail("topology.kinds: unknown kind \"" + e.getKey() + "\"");
            checkNode(e.getValue(), "topology.kinds." + e.getKey());
        }
        for (Map.Entry<String, Y> e : groups.entrySet()) checkNode(e.getValue(), "topology.groups." + e.getKey());
        Y nodesY = t.get("nodes");
        if (nodesY == null || nodesY.asMap("topology.nodes").isEmpty()) throw topo.fail("topology.nodes is missing or empty; a lab has nodes");
        Map<String, List<String>> ignored = new TreeMap<>();
        List<NodeSpec> nodes = new ArrayList<>();
        for (Map.Entry<String, Y> e : nodesY.map.entrySet()) {
            Y key = nodesY.key(e.getKey());
            String n = e.getKey();
            if (!n.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
                throw key.fail("node name \"" + n + "\" is not allowed; nsh takes 1 to 32 letters, digits, \"_\", \".\" or \"-\", starting with a letter or digit");
            }
            if (n.equals("host")) throw key.fail("node name \"host\" is containerlab's name for the host itself (host:IFNAME); give the node another name");
            Y node = e.getValue();
            if (!node.isNull()) checkNode(node, "node " + n);
            nodes.add(node(n, node, key, defaults, kinds, groups, ignored));
        }
        for (Map.Entry<String, List<String>> e : ignored.entrySet()) {
            warnings.add(file + ": " + e.getKey() + " of " + String.join(", ", e.getValue()) + ": ignored (" + why(e.getKey()) + ")");
        }
        Topology partial = new Topology(file, name, labName, nsPrefix, nodes, List.of(), warnings);
        for (NodeSpec n : nodes) {
            if (n.kind() == Kind.BRIDGE && n.name().length() > 15) {
                throw nodesY.key(n.name()).fail("bridge " + n.name() + ": a bridge is named as its node, and \"" + n.name() + "\" is "
                        + n.name().length() + " bytes; an interface name's limit is 15");
            }
            String ns = n.namespace(partial);
            if (ns.getBytes(StandardCharsets.UTF_8).length > 255) throw nodesY.key(n.name()).fail("namespace name " + ns + " is longer than 255 bytes");
        }
        return new Topology(file, name, labName, nsPrefix, nodes, ClabLinks.read(t.get("links"), partial, warnings), List.copyOf(warnings));
    }

    /**
     * The nsh lab's name, as containerlab names things: {@code clab-NAME} (namespaces
     * {@code clab-NAME-NODE}); {@code prefix: p} gives {@code p-NAME}, {@code __lab-name} and
     * {@code ""} give {@code NAME} (namespaces {@code NAME-NODE}, and {@code NODE} for {@code ""}).
     */
    private static String labName(Y prefix, String name, Y at) {
        String p = prefix == null ? "clab" : prefix.isNull() ? "" : prefix.asText("prefix");
        String lab;
        if (p.equals("__lab-name") || p.isEmpty()) lab = name;
        else if (!p.matches(NAME)) throw prefix.fail("prefix \"" + p + "\" is not allowed; it must be letters, digits, \".\", \"_\" or \"-\"");
        else lab = p + "-" + name;
        if (!lab.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
            String msg = "lab name " + lab + " (prefix and name) is " + lab.length() + " characters; nsh takes at most 32";
            throw at == null ? new InvalidInputException(msg) : at.fail(msg);
        }
        return lab;
    }

    private static NodeSpec node(String n, Y node, Y key, Y defaults, Map<String, Y> kinds, Map<String, Y> groups, Map<String, List<String>> ignored) {
        Y group = null;
        Y g = first("group", node, null, defaults);
        if (g != null) {
            String gn = g.asText("group");
            group = groups.get(gn);
            if (group == null) throw g.fail("node " + n + ": group \"" + gn + "\" is not in topology.groups" + (groups.isEmpty() ? "" : " " + groups.keySet()));
        }
        Y k = first("kind", node, group, defaults);
        if (k == null) throw key.fail("node " + n + ": no kind; give kind: linux (or set it in topology.defaults)");
        String kindName = k.asText("kind");
        if (!KINDS.contains(kindName)) throw k.fail("node " + n + ": unknown kind \"" + kindName + "\"");
        Kind kind = switch (kindName) {
            case "linux" -> Kind.LINUX;
            case "bridge" -> Kind.BRIDGE;
            case "host" -> Kind.HOST;
            default -> throw k.fail("node " + n + ": kind " + kindName + " needs a container image; nsh runs linux, bridge and host nodes only");
        };
        Y kindCfg = kinds.get(kindName);
        Y[] chain = {node, group, kindCfg, defaults};
        for (Y c : chain) {
            if (c == null || c.isNull()) continue;
            for (String field : c.map.keySet()) if (!USED.contains(field)) ignored.computeIfAbsent(field, x -> new ArrayList<>()).add(n);
        }
        Y mode = first("network-mode", chain);
        if (mode != null && !mode.asText("network-mode").equals("none")) {
            throw mode.fail("node " + n + ": network-mode " + mode.scalar + " is not supported; nsh gives each node a namespace of its own");
        }
        List<String> exec = new ArrayList<>();
        Y ex = first("exec", chain);
        if (ex != null) for (Y c : ex.asList("node " + n + ": exec")) exec.add(c.asText("node " + n + ": an exec command"));
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = chain.length - 1; i >= 0; i--) {
            Y e = chain[i] == null ? null : chain[i].get("env");
            if (e != null) for (Map.Entry<String, Y> v : e.asMap("env").entrySet()) env.put(v.getKey(), v.getValue().asText("env " + v.getKey()));
        }
        Map<String, String> sysctls = new LinkedHashMap<>();
        Y sc = first("sysctls", chain);
        if (sc != null) {
            for (Map.Entry<String, Y> v : sc.asMap("sysctls").entrySet()) {
                if (!v.getKey().startsWith("net.")) throw sc.key(v.getKey()).fail("node " + n + ": sysctl " + v.getKey() + " is not a net.* sysctl; a namespace has only those of its own");
                sysctls.put(v.getKey(), v.getValue().asText("sysctl " + v.getKey()));
            }
        }
        if (kind == Kind.HOST && !exec.isEmpty()) {
            throw ex.fail("node " + n + ": exec on a host node would run on this machine's own namespace; nsh never changes the host");
        }
        if (kind != Kind.LINUX && !exec.isEmpty()) throw ex.fail("node " + n + ": exec runs in linux nodes only; " + n + " is a " + kindName);
        return extensions(n, kind, exec, env, sysctls, first("config", chain));
    }

    /** nsh's own keys under config.vars.nsh: forwarding, routes, tests. */
    private static NodeSpec extensions(String n, Kind kind, List<String> exec, Map<String, String> env, Map<String, String> sysctls, Y config) {
        Y nsh = null;
        if (config != null) {
            checkKeys(config, Set.of("vars"), "node " + n + ": config");
            Y vars = config.get("vars");
            if (vars != null) nsh = vars.get("nsh");
        }
        if (nsh == null || nsh.isNull()) return new NodeSpec(n, kind, exec, env, sysctls, false, List.of(), List.of());
        nsh.asMap("node " + n + ": config.vars.nsh");
        checkKeys(nsh, Set.of("forwarding", "routes", "tests"), "node " + n + ": config.vars.nsh");
        if (kind != Kind.LINUX) throw nsh.fail("node " + n + ": config.vars.nsh is for linux nodes; " + n + " is a " + kind.name().toLowerCase());
        boolean fwd = nsh.get("forwarding") != null && nsh.get("forwarding").asBool("forwarding");
        List<RouteSpec> routes = new ArrayList<>();
        if (nsh.get("routes") != null) for (Y r : nsh.get("routes").asList("routes")) routes.add(route(n, r));
        List<TestSpec> tests = new ArrayList<>();
        if (nsh.get("tests") != null) {
            for (Y t : nsh.get("tests").asList("tests")) {
                checkKeys(t, Set.of("ping", "cmd", "count"), "node " + n + ": a test");
                Y ping = t.get("ping"), cmd = t.get("cmd");
                if ((ping == null) == (cmd == null)) throw t.fail("node " + n + ": a test has one of ping: (an address or a node) or cmd: (a command line)");
                int count = t.get("count") == null ? 1 : t.get("count").asInt("count", 1, 100);
                tests.add(new TestSpec(n, ping == null ? null : ping.asText("ping"), cmd == null ? null : cmd.asText("cmd"), count, t.where()));
            }
        }
        return new NodeSpec(n, kind, exec, env, sysctls, fwd, routes, tests);
    }

    /** A route: {@code {dst: 10.0.0.0/8, via: 10.1.0.1, dev: eth1}} or {@code "10.0.0.0/8 via 10.1.0.1 dev eth1"}. */
    private static RouteSpec route(String n, Y r) {
        String dst, via = null, dev = null;
        if (r.isMap()) {
            checkKeys(r, Set.of("dst", "via", "dev"), "node " + n + ": a route");
            if (r.get("dst") == null) throw r.fail("node " + n + ": a route has dst: (a prefix or default)");
            dst = r.get("dst").asText("dst");
            via = r.get("via") == null ? null : r.get("via").asText("via");
            dev = r.get("dev") == null ? null : r.get("dev").asText("dev");
        } else {
            String[] w = r.asText("a route").trim().split("\\s+");
            dst = w[0];
            for (int i = 1; i < w.length; i += 2) {
                if (i + 1 >= w.length || !(w[i].equals("via") || w[i].equals("dev"))) {
                    throw r.fail("node " + n + ": route \"" + r.scalar + "\" is not DST [via GW] [dev IF]");
                }
                if (w[i].equals("via")) via = w[i + 1];
                else dev = w[i + 1];
            }
        }
        if (via == null && dev == null) throw r.fail("node " + n + ": route to " + dst + " has neither via nor dev");
        try {
            if (!dst.equals("default")) Cidr.parse(dst);
            if (via != null) Cidr.parseAddress(via, via);
        } catch (InvalidInputException e) {
            throw r.fail("node " + n + ": " + e.getMessage());
        }
        return new RouteSpec(dst, via, dev);
    }

    /** The first of {@code chain} (node, group, kind, defaults) that sets {@code key}. */
    private static Y first(String key, Y... chain) {
        for (Y c : chain) if (c != null && c.get(key) != null) return c.get(key);
        return null;
    }

    private static void checkNode(Y node, String what) {
        node.asMap(what);
        checkKeys(node, NODE_KEYS, what);
    }

    /** Every key of map {@code y} is one of {@code allowed}, or an error at the first that is not. */
    static void checkKeys(Y y, Set<String> allowed, String what) {
        for (String k : y.asMap(what).keySet()) {
            if (allowed.contains(k)) continue;
            String near = allowed.stream().filter(a -> Names.editDistance(a, k) <= 2).sorted().findFirst().orElse(null);
            throw y.key(k).fail(what + ": unknown key \"" + k + "\"" + (near != null ? " (did you mean " + near + "?)"
                    : "; containerlab's schema has " + String.join(", ", new java.util.TreeSet<>(allowed))));
        }
    }

    private static String why(String field) {
        return switch (field) {
            case "image", "image-pull-policy", "cmd", "entrypoint", "binds", "volumes", "env-files", "user", "runtime" -> "nsh runs no container image";
            case "mgmt-ipv4", "mgmt-ipv6" -> "nsh has no management network";
            case "ports" -> "nsh publishes no ports";
            case "cpu", "memory", "cpu-set", "shm-size" -> "nsh sets no resource limits";
            default -> "it changes nothing a namespace has";
        };
    }
}

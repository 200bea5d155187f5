package dev.nsh.topo;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import dev.nsh.model.LinkConditions;
import dev.nsh.model.Names;
import dev.nsh.topo.Topology.End;
import dev.nsh.topo.Topology.Kind;
import dev.nsh.topo.Topology.LinkSpec;
import dev.nsh.topo.Topology.NodeSpec;
import dev.nsh.topo.Yaml.Y;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topology file's {@code links}, as containerlab reads them: the brief form
 * ({@code endpoints: ["a:eth1", "b:eth1"]}, with {@code mtu}, link-level {@code ipv4: [a, b]} and
 * {@code ipv6: [a, b]}), the extended {@code type: veth} (endpoints as maps with {@code node},
 * {@code interface}, {@code mac}, {@code ipv4}, {@code ipv6}) and {@code type: host}. An endpoint
 * {@code host:IFNAME} (or one on a node of kind host) is an interface in the host's namespace,
 * made by the deploy and gone with the lab. Interface names are taken exactly as written.
 */
final class ClabLinks {
    private ClabLinks() {}

    private static final Set<String> BRIEF = Set.of("endpoints", "mtu", "ipv4", "ipv6", "vars");
    private static final Set<String> VETH = Set.of("type", "endpoints", "mtu", "ipv4", "ipv6", "vars", "labels");
    private static final Set<String> HOST = Set.of("type", "endpoint", "host-interface", "mtu", "vars", "labels");
    private static final Set<String> ENDPOINT = Set.of("node", "interface", "mac", "ipv4", "ipv6", "vars");

    static List<LinkSpec> read(Y links, Topology t, List<String> warnings) {
        List<LinkSpec> out = new ArrayList<>();
        if (links == null) return out;
        Map<String, Y> used = new HashMap<>();
        for (Y l : links.asList("topology.links")) {
            l.asMap("a link");
            Y type = l.get("type");
            String ty = type == null ? null : type.asText("type");
            LinkSpec s;
            if (ty == null) {
                ClabFile.checkKeys(l, BRIEF, "a link");
                Y eps = l.get("endpoints");
                if (eps == null) throw l.fail("a link has endpoints: [\"NODE:IFNAME\", \"NODE:IFNAME\"] (or a type:)");
                List<Y> e = eps.asList("endpoints");
                if (e.size() != 2) throw eps.fail("endpoints has " + e.size() + " entries; a link has two");
                s = new LinkSpec(brief(e.get(0), t, addr(l, "ipv4", 0), addr(l, "ipv6", 0)),
                        brief(e.get(1), t, addr(l, "ipv4", 1), addr(l, "ipv6", 1)), mtu(l), l.where(), null);
            } else if (ty.equals("veth")) {
                ClabFile.checkKeys(l, VETH, "a veth link");
                Y eps = l.get("endpoints");
                if (eps == null) throw l.fail("a veth link has endpoints: (two maps with node: and interface:)");
                List<Y> e = eps.asList("endpoints");
                if (e.size() != 2) throw eps.fail("endpoints has " + e.size() + " entries; a link has two");
                s = new LinkSpec(extended(e.get(0), t, addr(l, "ipv4", 0), addr(l, "ipv6", 0)),
                        extended(e.get(1), t, addr(l, "ipv4", 1), addr(l, "ipv6", 1)), mtu(l), l.where(), null);
            } else if (ty.equals("host")) {
                ClabFile.checkKeys(l, HOST, "a host link");
                Y ep = l.get("endpoint"), hi = l.get("host-interface");
                if (ep == null || hi == null) throw l.fail("a host link has endpoint: (node: and interface:) and host-interface:");
                End a = extended(ep, t, null, null);
                if (a.isHost()) throw ep.fail("a host link's endpoint is a node's; the host's end is host-interface");
                s = new LinkSpec(a, new End(null, ifname(hi, hi.asText("host-interface")), null, List.of()), mtu(l), l.where(), null);
            } else {
                throw type.fail("link type " + ty + " is not supported; nsh makes veth and host links (" + why(ty) + ")");
            }
            if (s.a().isHost() && s.b().isHost()) throw l.fail("both ends of this link are the host's; a link joins a node to something");
            for (End e : List.of(s.a(), s.b())) {
                Y prev = used.put(e.toString(), l);
                if (prev != null) throw l.fail("interface " + e + " is used twice (also by the link at line " + prev.line + ")");
            }
            out.add(new LinkSpec(s.a(), s.b(), s.mtu(), s.where(), conditions(l)));
        }
        return out;
    }

    /** "NODE:IFNAME". */
    private static End brief(Y y, Topology t, String v4, String v6) {
        String text = y.asText("an endpoint");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) throw y.fail("endpoint \"" + text + "\" is not NODE:IFNAME");
        return end(y, t, text.substring(0, colon), text.substring(colon + 1), null, v4, v6);
    }

    /** {@code {node: a, interface: eth1, mac: ..., ipv4: ..., ipv6: ...}}. */
    private static End extended(Y y, Topology t, String v4, String v6) {
        ClabFile.checkKeys(y, ENDPOINT, "an endpoint");
        if (y.get("node") == null || y.get("interface") == null) throw y.fail("an endpoint has node: and interface:");
        String mac = y.get("mac") == null ? null : y.get("mac").asText("mac");
        if (mac != null) {
            mac = mac.replace('-', ':').toLowerCase();
            if (!mac.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) throw y.get("mac").fail("mac \"" + mac + "\" is not six hex bytes (aa:bb:cc:dd:ee:ff)");
            if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) throw y.get("mac").fail("mac " + mac + " is multicast; a link needs a unicast address");
        }
        String a4 = y.get("ipv4") == null ? v4 : y.get("ipv4").asText("ipv4");
        String a6 = y.get("ipv6") == null ? v6 : y.get("ipv6").asText("ipv6");
        return end(y.get("interface"), t, y.get("node").asText("node"), y.get("interface").asText("interface"), mac, a4, a6);
    }

    private static End end(Y y, Topology t, String node, String ifname, String mac, String v4, String v6) {
        NodeSpec n = t.node(node);
        if (n == null && !node.equals("host")) throw y.fail("endpoint " + node + ":" + ifname + ": no node " + node + " in topology.nodes");
        boolean host = n == null || n.kind() == Kind.HOST;
        if (host && mac != null) throw y.fail("endpoint " + node + ":" + ifname + ": nsh sets no MAC on the host's end");
        List<String> addrs = new ArrayList<>();
        for (String a : new String[] {v4, v6}) {
            if (a == null || a.isEmpty()) continue;
            if (host) throw y.fail("endpoint " + node + ":" + ifname + ": nsh puts no address on the host's end (it never changes the host)");
            try {
                Cidr.parse(a);
            } catch (InvalidInputException e) {
                throw y.fail("endpoint " + node + ":" + ifname + ": " + e.getMessage());
            }
            addrs.add(a);
        }
        return new End(host ? null : node, ifname(y, ifname), mac, List.copyOf(addrs));
    }

    private static String ifname(Y y, String name) {
        try {
            return Names.iface(name);
        } catch (InvalidInputException e) {
            throw y.fail(e.getMessage());
        }
    }

    /** Link-level {@code ipv4: [a, b]}: end {@code i}'s, or null. */
    private static String addr(Y link, String family, int i) {
        Y list = link.get(family);
        if (list == null) return null;
        List<Y> l = list.asList(family);
        if (l.isEmpty() || l.size() > 2) throw list.fail(family + " has " + l.size() + " entries; it takes one or two, one per end");
        return i < l.size() ? l.get(i).asText(family) : null;
    }

    private static int mtu(Y link) {
        Y m = link.get("mtu");
        return m == null ? 0 : m.asInt("mtu", 68, 65535);
    }

    /**
     * A link's vars.nsh: netem's words as {@code link.netem(...)} takes them (delay: 20ms, jitter,
     * loss: 2%, rate: 10mbit, duplicate, corrupt, reorder, limit, seed, distribution, ecn, slot; containerlab's own word
     * corruption for corrupt); checked here, before anything is made. Null when there are none.
     */
    private static LinkConditions conditions(Y link) {
        Y vars = link.get("vars");
        Y nsh = vars == null ? null : vars.get("nsh");
        if (nsh == null || nsh.asMap("a link's vars.nsh").isEmpty()) return null;
        Map<String, Object> given = new LinkedHashMap<>();
        for (Map.Entry<String, Y> e : nsh.map.entrySet()) {
            String key = e.getKey().equals("corruption") ? "corrupt" : e.getKey();
            if (!LinkConditions.OPTIONS.contains(key)) {
                throw nsh.key(e.getKey()).fail("unknown key \"" + e.getKey() + "\" in a link's vars.nsh; it takes " + String.join(", ", LinkConditions.OPTIONS));
            }
            given.put(key, e.getValue().asText(key)); // as text: netem's words and plain numbers read alike
        }
        LinkConditions c;
        try {
            c = LinkConditions.parse("vars.nsh", given, List.of());
        } catch (InvalidInputException bad) {
            throw nsh.fail(bad.getMessage());
        }
        if (c.isNone()) throw nsh.fail("a link's vars.nsh sets no condition; give a delay, loss, rate, duplicate, corrupt or reorder above 0");
        return c;
    }

    private static String why(String type) {
        return switch (type) {
            case "mgmt-net" -> "there is no management network";
            case "dummy" -> "this kernel has no dummy links";
            case "macvlan", "vxlan", "vxlan-stitched", "veth-stitched" -> "it needs a host interface or a remote host";
            default -> "unknown type";
        };
    }
}

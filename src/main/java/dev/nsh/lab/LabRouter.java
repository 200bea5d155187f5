package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;
import dev.nsh.model.Options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Lab#router}: a router joined to bridges' LANs and nodes. It takes .1 of each subnet it
 * joins (a LAN keeps .1 for it; on a link of its own with a node it takes the lower address)
 * unless {@code addresses:} names one per subnet or node; every address given is checked against
 * what the subnet holds before anything is made.
 * <pre>
 * router("r1", lan1, lan2)                                      // 10.0.0.1, 10.0.1.1
 * router("r1", lan1, lan2, h9, addresses: ["10.0.0.254", null, "10.9.0.1/30"])
 * </pre>
 */
final class LabRouter {
    private LabRouter() {}

    static Node make(Lab lab, Map<String, ?> opts, String name, Object... nets) {
        Options o = new Options("router", opts, "addresses");
        for (Object n : nets) {
            if (!(n instanceof Subnet) && !(n instanceof Node) && !(n instanceof CharSequence)) {
                throw new InvalidInputException("router " + name + ": " + n + " is neither a subnet (from bridge) nor a node");
            }
            if (n instanceof CharSequence c) lab.resolve(c.toString());
            if (n instanceof Node node) lab.resolve(node);
            if (n instanceof Subnet s && (s.bridge() == null || !lab.subnets().contains(s))) {
                throw new InvalidInputException("router " + name + ": subnet " + s + " is not a bridge's LAN of lab " + lab.name()
                        + "; pass a bridge's subnet or a node");
            }
        }
        if (nets.length == 0) throw new InvalidInputException("router " + name + ": no subnet or node to join; give at least one");
        List<?> given = o.list("addresses");
        if (given != null && given.size() != nets.length) {
            throw new InvalidInputException("router " + name + ": addresses " + given + " has " + given.size() + " entries; it takes "
                    + nets.length + ", one per subnet or node joined (null for the usual one)");
        }
        String[] links = checkAddresses(lab, name, nets, given);
        for (Object n : nets) if (n instanceof Subnet s) StaticArp.checkFits("router " + name, s, 1, lab.isIpv6());
        LabBuild build = lab.build();
        List<LabBuild.Plan> plans = new ArrayList<>();
        // The links' subnets given are held first: an automatic /24 for an earlier net must not take one.
        List<String> held = new ArrayList<>();
        // Its LAN addresses are taken before the router is made: a full LAN refuses it with nothing made.
        Cidr[] onLan = new Cidr[nets.length];
        String[] texts = new String[nets.length];
        for (int i = 0; i < nets.length; i++) texts[i] = given == null || given.get(i) == null ? null : String.valueOf(given.get(i));
        boolean made = false;
        Node r;
        try {
            for (int i = 0; i < nets.length; i++) {
                if (!(nets[i] instanceof Subnet s)) continue;
                try {
                    onLan[i] = texts[i] == null ? s.routerAddress() : s.claim(texts[i]);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("router " + name + ": " + e.getMessage());
                }
            }
            for (String l : links) {
                if (l == null) continue;
                lab.holdSubnet(l, true);
                held.add(l);
            }
            r = build.createNodes(List.of(name), Node.Role.ROUTER).get(0);
            made = true;
            lab.forwarding(r);
            for (int i = 0; i < nets.length; i++) {
                if (nets[i] instanceof Subnet s) {
                    plans.add(build.toBridge(r, s.bridge(), s, onLan[i]));
                } else {
                    plans.add(build.p2p(r, lab.resolve(nets[i]), links[i], texts[i] == null ? null : Arrays.asList(texts[i], null)));
                }
            }
        } finally {
            for (String l : held) lab.holdSubnet(l, false); // those not made into a subnet
            if (!made) {
                for (int i = 0; i < nets.length; i++) if (onLan[i] != null) ((Subnet) nets[i]).release(onLan[i]);
            }
        }
        build.wire(plans);
        lab.route();
        return r;
    }

    /**
     * Each address given, checked as it will be taken (free in its LAN; for a node, a subnet of
     * its own that overlaps none of the lab's, nor another given here); returns the link subnet
     * each node's entry names (null where none is given).
     */
    private static String[] checkAddresses(Lab lab, String name, Object[] nets, List<?> given) {
        String[] links = new String[nets.length];
        if (given == null) return links;
        Set<String> taken = new HashSet<>();
        SubnetAllocator among = new SubnetAllocator("0.0.0.0/0");
        for (int i = 0; i < nets.length; i++) {
            if (given.get(i) == null) continue;
            String text = String.valueOf(given.get(i));
            try {
                if (nets[i] instanceof Subnet s) {
                    Cidr c = s.check(text);
                    if (!taken.add(s + " " + c.address())) {
                        throw new InvalidInputException("address \"" + text + "\" is given twice for subnet " + s);
                    }
                } else {
                    // A link's address names its subnet too (a /24 unless a prefix is given).
                    String withPrefix = text.contains("/") ? text : text + "/24";
                    Cidr c = Cidr.parse(withPrefix);
                    if (!c.isIPv4()) throw new InvalidInputException("address \"" + text + "\" is not IPv4; lab subnets are IPv4");
                    String net = c.network().getHostAddress() + "/" + c.prefix();
                    lab.checkSubnet(net);
                    new Subnet(among.reserve(net), null, null).check(withPrefix);
                    links[i] = net;
                }
            } catch (InvalidInputException e) {
                throw new InvalidInputException("router " + name + ": " + e.getMessage());
            }
        }
        return links;
    }
}

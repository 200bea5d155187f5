package dev.nsh.junit;

import dev.nsh.Namespace;
import dev.nsh.error.InvalidInputException;
import dev.nsh.lab.Node;
import dev.nsh.model.AddrInfo;
import dev.nsh.model.Addresses;
import dev.nsh.model.Cidr;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * One end of a reachability assertion, as its message names it: a lab node by its name in the
 * lab ("h1"), a namespace by its name, an address as given; with its first address of the family
 * pinged, in brackets: {@code h1 (10.0.0.1)}.
 */
record Endpoint(String name, Namespace ns, Node node, String given) {
    static Endpoint of(Node n) {
        return new Endpoint(n.name(), n.ns(), n, null);
    }

    static Endpoint of(Namespace ns) {
        return new Endpoint(ns.name(), ns, null, null);
    }

    static Endpoint of(String address) {
        Cidr.parseAddress(address, address); // a clear error for what is no address, before any ping
        return new Endpoint(address, null, null, address);
    }

    /** The address to ping this end at: the one given, or its first IPv4 one (a node's from its lab). */
    String target(String purpose) {
        if (given != null) return given;
        String a = address(false);
        if (a == null) throw new InvalidInputException(purpose + ": " + name + " has no IPv4 address to ping; give an address instead");
        return a;
    }

    /** Its first address of the family ({@code six}: IPv6), or null; a namespace's first of global scope. */
    String address(boolean six) {
        if (given != null) return given;
        if (node != null) return six ? node.ip6() : node.ip();
        for (AddrInfo a : ns.addrs()) {
            if (a.scope() == 0 && (a.address() instanceof Inet4Address) != six) return Addresses.text(a.address());
        }
        return null;
    }

    /** "h1 (10.0.0.1)", "ns-1 (10.0.0.10)", "10.0.0.2"; the address of the family of {@code to}. */
    String describe(InetAddress to) {
        if (given != null) return given;
        String a = address(!(to instanceof Inet4Address));
        return a == null ? name : name + " (" + a + ")";
    }
}

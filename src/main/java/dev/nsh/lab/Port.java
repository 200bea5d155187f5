package dev.nsh.lab;

import dev.nsh.model.Cidr;

/**
 * One end of a lab's veth: the interface {@code ifname} in {@code node}, its address (null for a
 * bridge port or an unaddressed end) and the subnet it belongs to (null when none).
 */
public record Port(Node node, String ifname, Cidr address, Subnet subnet) {
    /** Its IPv6 address in a dual-stack lab (the IPv4 one's host number in the subnet's /64), or null. */
    public Cidr address6() {
        return subnet == null ? null : subnet.address6(address);
    }

    @Override
    public String toString() {
        return node.name() + ":" + ifname + (address == null ? "" : " " + address);
    }
}

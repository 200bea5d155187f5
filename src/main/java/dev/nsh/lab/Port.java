package dev.nsh.lab;

import dev.nsh.model.Cidr;

/**
 * One end of a lab's veth: the interface {@code ifname} in {@code node}, its address (null for a
 * bridge port or an unaddressed end) and the subnet it belongs to (null when none).
 */
public record Port(Node node, String ifname, Cidr address, Subnet subnet) {
    @Override
    public String toString() {
        return node.getName() + ":" + ifname + (address == null ? "" : " " + address);
    }
}

package dev.nsh.lab;

import dev.nsh.ops.LinkOps;

import java.util.List;

/** A veth pair of a lab: end {@code a} and end {@code b}, each in its node's namespace. */
public record Wire(Port a, Port b) {
    /** Takes both ends down (ip link set ... down): the link is cut, as Mininet's link down. */
    public Wire down() {
        for (Port p : List.of(a, b)) LinkOps.setUp(p.node().ns().netns(), p.ifname(), false);
        return this;
    }

    /** Brings both ends up again. */
    public Wire up() {
        for (Port p : List.of(a, b)) LinkOps.setUp(p.node().ns().netns(), p.ifname(), true);
        return this;
    }

    /** Its conditions ("delay 10ms loss 1%"), as link(a, b, delay: ...) set them; "" for none. */
    public String conditions() {
        return WireConditions.of(this);
    }

    @Override
    public String toString() {
        String c = conditions();
        return a + " <-> " + b + (c.isEmpty() ? "" : " (" + c + ")");
    }
}

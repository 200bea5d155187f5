package dev.nsh.lab;

/** A veth pair of a lab: end {@code a} and end {@code b}, each in its node's namespace. */
public record Wire(Port a, Port b) {
    @Override
    public String toString() {
        return a + " <-> " + b;
    }
}

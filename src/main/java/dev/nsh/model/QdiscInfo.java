package dev.nsh.model;

/**
 * One qdisc of a link, as {@code tc qdisc show} lists it: its kind, handle, parent (0xFFFFFFFF
 * for root), the reference count tc prints for a root qdisc, and what nsh decodes of its options:
 * netem's conditions, or tbf's rate (in {@code conditions}) with its burst and limit in bytes.
 */
public record QdiscInfo(String dev, String kind, long handle, long parent, long refcnt, LinkConditions conditions,
                        long burstBytes, long limitBytes, long latencyUs) {
    public boolean isRoot() {
        return parent == 0xFFFFFFFFL;
    }

    /** "qdisc tbf 8001: root refcnt 3 rate 10Mbit burst 32Kb lat 50ms", as tc prints it. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("qdisc ").append(kind).append(' ').append(handle(handle));
        b.append(isRoot() ? " root" : " parent " + handle(parent));
        if (isRoot() && refcnt > 0) b.append(" refcnt ").append(refcnt);
        if (kind.equals("netem") && conditions != null) b.append(' ').append(conditions);
        if (kind.equals("tbf") && conditions != null) {
            b.append(" rate ").append(TcUnits.rate(conditions.rateBits())).append(" burst ").append(TcUnits.size(burstBytes))
                    .append(" lat ").append(TcUnits.time(latencyUs * 1000));
        }
        return b.toString();
    }

    /** "8001:", "ffff:fff1": a handle as tc prints it. */
    public static String handle(long h) {
        long major = (h >>> 16) & 0xFFFF, minor = h & 0xFFFF;
        return Long.toHexString(major) + ":" + (minor == 0 ? "" : Long.toHexString(minor));
    }
}

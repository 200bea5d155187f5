package dev.nsh.tc;

import dev.nsh.model.DelayDistribution;
import dev.nsh.model.LinkConditions;
import dev.nsh.model.QdiscInfo;

/**
 * A link's conditions as {@code link.netem()} reads them back: which engine applies them
 * ("kernel": a netem or tbf qdisc, "nsh": nsh's own engine, "none"), the conditions, and the root
 * qdisc as the kernel lists it. Printed as {@code tc qdisc show dev X} prints it; for nsh's engine
 * in the same words, with a second line of counters as {@code tc -s} gives them.
 */
public record NetemState(String dev, String engine, LinkConditions conditions, QdiscInfo qdisc, String tap,
                         long sent, long sentBytes, long lost, long duplicated, long corrupted, long reordered,
                         long overlimits, long queued, long marked) {
    public static final String KERNEL = "kernel", NSH = "nsh", NONE = "none";

    public boolean isNone() {
        return engine.equals(NONE);
    }

    @Override
    public String toString() {
        if (engine.equals(NSH)) {
            // nsh's engine knows its distributions, which the kernel never reports
            var d = conditions.distribution();
            return "qdisc netem nsh: dev " + dev + " root " + conditions + (d != null && d != DelayDistribution.UNIFORM ? " distribution " + d : "") + "\n Sent " + sentBytes + " bytes " + sent + " pkt (dropped "
                    + (lost + overlimits) + ", overlimits " + overlimits + ") backlog " + queued + "p\n nsh engine: egress redirected to "
                    + tap + "; lost " + lost + ", duplicated " + duplicated + ", corrupted " + corrupted + ", reordered " + reordered
                    + (conditions.ecn() ? ", marked CE " + marked : "");
        }
        return qdisc == null ? "no qdisc on " + dev : qdisc.toString();
    }
}

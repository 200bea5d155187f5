package dev.nsh;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Options;
import dev.nsh.ops.RouteOps;
import dev.nsh.ops.RoutingTables;
import dev.nsh.ops.RuleOps;
import dev.nsh.packet.capture.CaptureOptions;
import dev.nsh.packet.ping.PingOptions;
import dev.nsh.proc.RunOptions;

import java.util.Map;

/** Groovy's named arguments of {@link Namespace}'s methods, turned into the operations' own option objects. */
final class NamedOptions {
    private NamedOptions() {}

    static final String[] PING = {"count", "interval", "timeout", "deadline", "size", "ttl", "src", "dev", "quiet"};

    static PingOptions ping(Options o, String dst) {
        PingOptions p = PingOptions.to(dst);
        if (o.has("count")) p.count(o.integer("count", 4));
        if (o.has("interval")) p.interval(o.number("interval", 1));
        if (o.has("timeout")) p.timeout(o.number("timeout", 1));
        if (o.has("deadline")) p.deadline(o.number("deadline", 0));
        if (o.has("size")) p.size(o.integer("size", 56));
        if (o.has("ttl")) p.ttl(o.integer("ttl", 64));
        if (o.has("src")) p.source(o.string("src"));
        if (o.has("dev")) p.device(o.string("dev"));
        return p;
    }

    static final String[] CAPTURE = {"filter", "count", "timeout", "pcap", "snaplen", "keep", "quiet"};

    static CaptureOptions capture(Options o) {
        CaptureOptions c = CaptureOptions.filter(o.has("filter") ? o.string("filter") : "");
        if (o.has("count")) c.count(o.integer("count", 0));
        if (o.has("timeout")) c.timeout(o.number("timeout", 0));
        if (o.has("pcap")) c.pcap(java.nio.file.Path.of(o.string("pcap")));
        if (o.has("snaplen")) c.snaplen(o.integer("snaplen", 262144));
        if (o.has("keep")) c.keep(o.integer("keep", CaptureOptions.DEFAULT_KEEP));
        return c;
    }

    static RunOptions run(String method, Map<String, ?> opts, boolean spawn) {
        Options o = spawn ? new Options(method, opts, "env", "dir", "input", "quiet", "detach")
                : new Options(method, opts, "env", "dir", "input", "timeout", "check", "quiet");
        RunOptions r = RunOptions.of();
        Object env = opts == null ? null : opts.get("env");
        if (env instanceof Map<?, ?> m) m.forEach((k, v) -> r.env(String.valueOf(k), v == null ? null : v.toString()));
        else if (env != null) throw new InvalidInputException(method + "(): env must be a map such as [LC_ALL: \"C\"], not " + env);
        if (o.has("dir")) r.dir(o.string("dir"));
        if (o.has("input")) r.input(o.string("input"));
        if (o.has("timeout")) r.timeout(o.number("timeout", 0));
        return r.check(o.flag("check", false)).quiet(o.flag("quiet", false)).detach(o.flag("detach", false));
    }

    static RuleOps.Spec rule(String method, Map<String, ?> opts) {
        Options o = new Options(method, opts, "from", "to", "iif", "oif", "fwmark", "table", "priority", "type", "ipv6");
        return RuleOps.Spec.of(o.flag("ipv6", false), o.string("from"), o.string("to"), o.string("iif"), o.string("oif"),
                RoutingTables.parse("rule table", o.string("table")), o.whole("priority", -1),
                o.whole("fwmark", -1), o.string("type"));
    }

    /** {@code table: 100} ("main", "local" too); none is main. */
    static long table(String method, Map<String, ?> opts) {
        long t = RouteOps.table(new Options(method, opts, "table").string("table"));
        return t == 0 ? RouteOps.MAIN : t;
    }
}

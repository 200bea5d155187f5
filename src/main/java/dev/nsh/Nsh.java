package dev.nsh;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.model.AddrInfo;
import dev.nsh.model.Names;
import dev.nsh.model.Options;
import dev.nsh.ns.Namespaces;
import dev.nsh.ops.AddrOps;
import dev.nsh.packet.ping.PingAll;
import dev.nsh.proc.NamespacePids;
import dev.nsh.table.NamespaceList;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nsh language's entry points. Groovy scripts and the REPL have them without imports; Java
 * uses {@code import static dev.nsh.Nsh.*}:
 *
 * <pre>
 * ns("ns-1").veth("veth-1").peer(ns("ns-2")).addr("10.0.0.10/16").up();
 * </pre>
 *
 * {@code ns(name)} gets or creates a named namespace, compatible with {@code ip netns};
 * {@code existing(name)} (Groovy: {@code ns(name, create: false)}) only opens one. Labs, the
 * layer above, have their entry points in {@code dev.nsh.lab.Labs} (scripts import both).
 */
public final class Nsh {
    static {
        GroovyAccessors.install(); // bg.pid reads bg.pid() in Groovy
    }

    private Nsh() {}

    /**
     * The named namespace, created if missing. "root" is a name like any other, as for ip netns:
     * {@code ns("root")} is the namespace /run/netns/root, never the host's ({@link #root()}); as
     * older scripts meant the host by it, it is not made unasked: {@code ns("root", create: true)}.
     */
    public static Namespace ns(String name) {
        Names.namespace(name);
        if (name.equals("root") && !Namespaces.exists(name)) {
            throw new InvalidInputException("ns(\"root\"): there is no namespace named root; the host's namespace is root()"
                    + " (ns(\"root\", create: true) makes one named root)");
        }
        return new Namespace(name, Namespaces.getOrCreate(name));
    }

    /** Groovy: {@code ns("ns-1", create: false)} opens only an existing namespace; {@code create: true} makes any name. */
    public static Namespace ns(Map<String, ?> opts, String name) {
        Options o = new Options("ns", opts, "create");
        if (!o.flag("create", true)) return existing(name);
        Names.namespace(name);
        return new Namespace(name, Namespaces.getOrCreate(name));
    }

    /** The named namespace if it exists; a clear error otherwise. */
    public static Namespace existing(String name) {
        Names.namespace(name);
        return new Namespace(name, Namespaces.open(name));
    }

    /** The namespace nsh runs in (the host's, usually). */
    public static Namespace root() {
        return Namespace.host(Namespaces.root());
    }

    /** Every named namespace, including those {@code ip netns add} made; prints like {@code ip netns list}. */
    public static NamespaceList namespaces() {
        return new NamespaceList(Namespaces.list());
    }

    public static boolean exists(String name) {
        return Namespaces.exists(name);
    }

    /**
     * {@code sleep(2000)}: waits that many milliseconds, as Groovy's own {@code sleep}, which it
     * shadows in scripts and the REPL; unlike Groovy's, an interrupt (Ctrl-C in the REPL) ends it
     * with "sleep 2000 ms: interrupted", so the statement stops and a lab around it is removed.
     */
    public static void sleep(long millis) {
        if (millis < 0) throw new InvalidInputException("sleep " + millis + ": a time in milliseconds must be 0 or more");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NshException("sleep " + millis + " ms: interrupted");
        }
    }

    /** The names of the named namespaces process {@code pid} is in (as {@code ip netns identify}). */
    public static List<String> identify(long pid) {
        return NamespacePids.identify(pid);
    }

    /**
     * Pings every ordered pair of the given namespaces (each one's first global IPv4 address) once,
     * concurrently, and prints the matrix as Mininet's pingall does.
     */
    public static PingAll.Result pingAll(Namespace first, Namespace... more) {
        List<Namespace> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        List<PingAll.Target> targets = new ArrayList<>();
        for (Namespace n : all) {
            InetAddress ip = AddrOps.list(n.netns()).stream()
                    .filter(a -> a.isIPv4() && a.scope() == 0).map(AddrInfo::address).findFirst().orElse(null);
            targets.add(new PingAll.Target(n.name(), n.netns(), ip));
        }
        return PingAll.run(targets, System.out);
    }
}

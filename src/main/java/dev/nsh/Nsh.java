package dev.nsh;

import dev.nsh.model.Names;
import dev.nsh.ns.Namespaces;
import dev.nsh.table.NamespaceList;

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
 * {@code existing(name)} (Groovy: {@code ns(name, create: false)}) only opens one.
 */
public final class Nsh {
    private Nsh() {}

    /** The named namespace, created if missing. */
    public static Namespace ns(String name) {
        Names.namespace(name);
        if (name.equals("root")) return root();
        return new Namespace(name, Namespaces.getOrCreate(name));
    }

    /** Groovy: {@code ns("ns-1", create: false)} opens only an existing namespace. */
    public static Namespace ns(Map<String, ?> opts, String name) {
        Options o = new Options("ns", opts, "create");
        return o.flag("create", true) ? ns(name) : existing(name);
    }

    /** The named namespace if it exists; a clear error otherwise. */
    public static Namespace existing(String name) {
        Names.namespace(name);
        if (name.equals("root")) return root();
        return new Namespace(name, Namespaces.open(name));
    }

    /** The namespace nsh runs in (the host's, usually). */
    public static Namespace root() {
        return new Namespace("root", Namespaces.root());
    }

    /** Every named namespace, including those {@code ip netns add} made; prints like {@code ip netns list}. */
    public static NamespaceList namespaces() {
        return new NamespaceList(Namespaces.list());
    }

    public static boolean exists(String name) {
        return Namespaces.exists(name);
    }

    // ---- programs (issue 5)

    /** The names of the named namespaces process {@code pid} is in (as {@code ip netns identify}). */
    public static java.util.List<String> identify(long pid) {
        return dev.nsh.proc.NamespacePids.identify(pid);
    }

    // ==== Labs (issue 7): topologies that build fast and tear down completely; see dev.nsh.lab.Lab

    /**
     * Groovy: {@code lab("demo") { star(3); pingAll() }}. The closure gets the {@link dev.nsh.lab.Lab}
     * as delegate and argument; when it ends, or throws, or is interrupted, everything the lab made
     * is removed and the closure's own error is what is thrown.
     */
    public static Object lab(String name, groovy.lang.Closure<?> body) {
        return lab(Map.of(), name, body);
    }

    /**
     * Groovy: {@code lab("demo", keep: true) { ... }} leaves the lab up (scripts/nsh --clean demo
     * removes it); {@code ipv6: true} makes it dual-stack (see {@link dev.nsh.lab.Lab#ipv6}).
     */
    public static Object lab(Map<String, ?> opts, String name, groovy.lang.Closure<?> body) {
        Options o = new Options("lab", opts, "keep", "ipv6");
        if (body == null) throw new InvalidInputException("lab " + name + ": no block given");
        try (dev.nsh.lab.Lab lab = dev.nsh.lab.Lab.open(name)) {
            lab.keep(o.flag("keep", false)).ipv6(o.flag("ipv6", false));
            groovy.lang.Closure<?> c = (groovy.lang.Closure<?>) body.clone();
            c.setDelegate(lab);
            c.setResolveStrategy(groovy.lang.Closure.DELEGATE_FIRST);
            return c.call(lab);
        }
    }

    /** Java: {@code try (Lab lab = Nsh.lab("demo")) { lab.star(3); lab.pingAll(); }}. */
    public static dev.nsh.lab.Lab lab(String name) {
        return dev.nsh.lab.Lab.open(name);
    }

    /** Java/Groovy: {@code lab(keep: true, "demo")}: a lab that stays up when closed. */
    public static dev.nsh.lab.Lab lab(Map<String, ?> opts, String name) {
        Options o = new Options("lab", opts, "keep", "ipv6");
        return dev.nsh.lab.Lab.open(name).keep(o.flag("keep", false)).ipv6(o.flag("ipv6", false));
    }

    /**
     * Pings every ordered pair of the given namespaces (each one's first global IPv4 address) once,
     * concurrently, and prints the matrix as Mininet's pingall does.
     */
    public static dev.nsh.lab.PingAll.Result pingAll(Namespace first, Namespace... more) {
        java.util.List<Namespace> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(java.util.List.of(more));
        java.util.List<dev.nsh.lab.PingAll.Target> targets = new java.util.ArrayList<>();
        for (Namespace n : all) {
            java.net.InetAddress ip = dev.nsh.ops.AddrOps.list(n.netns()).stream()
                    .filter(a -> a.isIPv4() && a.scope() == 0).map(dev.nsh.model.AddrInfo::address).findFirst().orElse(null);
            targets.add(new dev.nsh.lab.PingAll.Target(n.getName(), n.netns(), ip));
        }
        return dev.nsh.lab.PingAll.run(targets, System.out);
    }
}

package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Options;
import groovy.lang.Closure;

import java.util.Map;

/**
 * The labs' entry points. Scripts and the REPL have them without imports, beside
 * {@link dev.nsh.Nsh}'s; Java uses {@code import static dev.nsh.lab.Labs.*}:
 * <pre>
 * lab("demo") { star(3); pingAll() }                          // Groovy
 * try (Lab lab = Labs.lab("demo")) { lab.star(3); lab.pingAll(); }   // Java
 * </pre>
 * Labs sit above the language (a node's namespace is a {@link dev.nsh.Namespace}), so their entry
 * points are here and not on {@code Nsh}, which the labs themselves use.
 */
public final class Labs {
    private Labs() {}

    /**
     * Groovy: {@code lab("demo") { star(3); pingAll() }}. The closure gets the {@link Lab} as
     * delegate and argument; when it ends, or throws, or is interrupted, everything the lab made
     * is removed and the closure's own error is what is thrown.
     */
    public static Object lab(String name, Closure<?> body) {
        return lab(Map.of(), name, body);
    }

    /**
     * Groovy: {@code lab("demo", keep: true) { ... }} leaves the lab up (scripts/nsh --clean demo
     * removes it); {@code ipv6: true} makes it dual-stack (see {@link Lab#ipv6}); {@code attach: true}
     * opens a kept lab (or the one open here) again by name ({@link Lab#attach}).
     */
    public static Object lab(Map<String, ?> opts, String name, Closure<?> body) {
        Options o = new Options("lab", opts, "keep", "ipv6", "attach");
        boolean keep = o.flag("keep", false), ipv6 = o.flag("ipv6", false), attach = o.flag("attach", false); // refused before the lab exists
        if (body == null) throw new InvalidInputException("lab " + name + ": no block given");
        Lab already = attach ? LabLifecycle.find(name) : null;
        Lab lab = attach ? Lab.attach(name) : Lab.open(name);
        Throwable failed = null;
        try {
            if (already == null || o.has("keep")) lab.keep(keep); // an open lab keeps its own setting unless told
            if (!attach) lab.ipv6(ipv6);
            Closure<?> c = (Closure<?>) body.clone();
            c.setDelegate(lab);
            c.setResolveStrategy(Closure.DELEGATE_FIRST);
            return c.call(lab);
        } catch (Throwable t) {
            failed = t;
            throw t;
        } finally {
            // As try-with-resources: the block's own error is the one thrown. A lab this block did not open is left open.
            if (already == null && failed == null) lab.close();
            else if (already == null) {
                try {
                    lab.close();
                } catch (RuntimeException | Error e) {
                    failed.addSuppressed(e);
                }
            }
        }
    }

    /** Java: {@code try (Lab lab = Labs.lab("demo")) { lab.star(3); lab.pingAll(); }}. */
    public static Lab lab(String name) {
        return Lab.open(name);
    }

    /** Java/Groovy: {@code lab(keep: true, "demo")}: a lab that stays up when closed. */
    public static Lab lab(Map<String, ?> opts, String name) {
        Options o = new Options("lab", opts, "keep", "ipv6", "attach");
        boolean keep = o.flag("keep", false), ipv6 = o.flag("ipv6", false);
        if (!o.flag("attach", false)) return Lab.open(name).keep(keep).ipv6(ipv6);
        Lab lab = Lab.attach(name);
        return o.has("keep") ? lab.keep(keep) : lab;
    }

    /** A lab that is up (kept, or deployed from a topology file by another process), opened by name: {@code running("clab-demo").h1.ping(...)}. */
    public static RunningLab running(String name) {
        return RunningLab.open(name);
    }
}

package dev.nsh.lab;

import dev.nsh.ns.Namespaces;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code nsh --clean [LAB]}: removes what labs left behind (a process killed with SIGKILL, a lab
 * kept with {@code keep: true}), from their state files only. It deletes exactly the objects a
 * state file records, and only those that still exist and are still the ones nsh made (a
 * namespace's nsfs inode number and ctime must match those recorded: the kernel reuses inode
 * numbers); a namespace made by anyone else is never
 * touched. A lab whose process is still running is left alone. Links, addresses and routes live
 * in the lab's namespaces and go with them; processes are killed first.
 */
public final class LabClean {
    private LabClean() {}

    /** Cleans {@code lab}, or every lab with a state file when null or empty; returns the exit status. */
    public static int run(String lab, PrintStream out, PrintStream err) {
        List<String> labs = lab == null || lab.isEmpty() ? LabState.labs() : List.of(lab);
        if (lab != null && !lab.isEmpty()) Lab.checkName("lab name", lab);
        if (labs.isEmpty()) {
            out.println("no labs to clean (no state files in " + LabState.dir() + ")");
            return 0;
        }
        int status = 0;
        for (String name : labs) {
            try {
                status = Math.max(status, clean(name, out, err));
            } catch (RuntimeException e) {
                err.println("nsh: clean lab " + name + ": " + e.getMessage());
                status = 1;
            }
        }
        return status;
    }

    @SuppressWarnings("unchecked")
    static int clean(String name, PrintStream out, PrintStream err) {
        Map<String, Object> doc = LabState.read(name);
        if (doc == null) {
            err.println("nsh: no lab " + name + ": no state file " + LabState.file(name));
            return 1;
        }
        boolean kept = Boolean.TRUE.equals(doc.get("kept"));
        if (!kept && alive(doc.get("pid"), doc.get("start"))) {
            out.println("lab " + name + ": its process " + doc.get("pid") + " is still running; left alone");
            return 0;
        }
        List<Map<String, Object>> objects = new ArrayList<>((List<Map<String, Object>>) doc.getOrDefault("objects", List.of()));
        Collections.reverse(objects);
        int removed = 0, gone = 0, foreign = 0, killed = 0;
        for (Map<String, Object> o : objects) {
            if ("process".equals(o.get("kind")) && o.get("pid") != null && alive(o.get("pid"), o.get("start"))) {
                ProcessHandle.of(((Number) o.get("pid")).longValue()).ifPresent(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
                killed++;
            }
        }
        for (Map<String, Object> o : objects) {
            if (!"netns".equals(o.get("kind"))) continue;
            String ns = (String) o.get("name");
            if (!ns.startsWith(name + "-") || !Namespaces.exists(ns)) {
                gone++;
                continue;
            }
            Object identity = o.get("identity");
            if (identity != null && !identity.equals(NamespaceIdentity.of(ns))) {
                out.println("lab " + name + ": namespace " + ns + " is not the one the lab made (another inode or ctime); left alone");
                foreign++;
                continue;
            }
            Namespaces.delete(ns);
            removed++;
        }
        new java.io.File(LabState.file(name).toString()).delete();
        out.println("lab " + name + ": removed " + removed + (removed == 1 ? " namespace" : " namespaces")
                + (gone > 0 ? ", " + gone + " already gone" : "") + (foreign > 0 ? ", " + foreign + " left alone" : "")
                + (killed > 0 ? ", killed " + killed + (killed == 1 ? " process" : " processes") : ""));
        return 0;
    }

    /** Whether process {@code pid} runs and started at {@code start} (so not a reused pid). */
    static boolean alive(Object pid, Object start) {
        if (!(pid instanceof Number n)) return false;
        if (n.longValue() == ProcessHandle.current().pid()) return false;
        Optional<ProcessHandle> p = ProcessHandle.of(n.longValue());
        if (p.isEmpty() || !p.get().isAlive()) return false;
        if (start == null) return true;
        return p.get().info().startInstant().map(i -> i.toString().equals(start)).orElse(true);
    }
}

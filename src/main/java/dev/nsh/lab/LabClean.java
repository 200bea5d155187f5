package dev.nsh.lab;

import dev.nsh.ns.NamespaceIdentity;
import dev.nsh.ns.Namespaces;
import dev.nsh.proc.NamespacePids;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    static int clean(String name, PrintStream out, PrintStream err) {
        LabState.Saved saved = LabState.read(name);
        if (saved == null) {
            err.println("nsh: no lab " + name + ": no state file " + LabState.file(name));
            return 1;
        }
        if (!saved.kept() && alive(saved.pid(), saved.start())) {
            out.println("lab " + name + ": its process " + saved.pid() + " is still running; left alone");
            return 0;
        }
        List<LabRecord> objects = new ArrayList<>(saved.objects());
        Collections.reverse(objects);
        int removed = 0, gone = 0, foreign = 0, killed = 0;
        for (LabRecord o : objects) {
            if (o instanceof LabRecord.Process p && alive(p.pid(), p.start())) {
                ProcessHandle.of(p.pid()).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
                killed++;
            }
        }
        for (LabRecord o : objects) {
            if (!(o instanceof LabRecord.Netns n)) continue;
            String prefix = saved.prefix() != null ? saved.prefix() : name + "-";
            NamespaceIdentity now = n.name() == null || !n.name().startsWith(prefix) ? null : NamespaceIdentity.ofName(n.name());
            if (now == null) {
                gone++;
                continue;
            }
            // Only what the lab recorded having made: its namespace, or (killed between claiming
            // the name and binding it) its empty claim file. A name with neither identity
            // recorded, or another identity, is someone else's now.
            NamespaceIdentity made = NamespaceIdentity.parse(n.identity()), claim = NamespaceIdentity.parse(n.claim());
            if (now.matches(made)) {
                // Programs nobody recorded (killed before their pid was noted, or run by hand) would
                // keep the namespace alive after its name is gone: they go with it.
                for (long pid : NamespacePids.in(now)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                LabLifecycle.removeHostEnds(() -> dev.nsh.Nsh.existing(n.name()).netns(), n.name(), objects);
            }
            if (Namespaces.deleteIf(n.name(), x -> x.matches(made) || x.sameFile(claim))) {
                removed++;
                continue;
            }
            out.println("lab " + name + ": namespace " + n.name() + " is not the one the lab made"
                    + (n.identity() == null && n.claim() == null ? " (no identity recorded)" : " (another inode or ctime)") + "; left alone");
            foreign++;
        }
        try {
            Files.deleteIfExists(LabState.file(name));
        } catch (IOException e) {
            err.println("nsh: remove state file " + LabState.file(name) + ": " + e.getMessage());
            return 1;
        }
        out.println("lab " + name + ": removed " + removed + (removed == 1 ? " namespace" : " namespaces")
                + (gone > 0 ? ", " + gone + " already gone" : "") + (foreign > 0 ? ", " + foreign + " left alone" : "")
                + (killed > 0 ? ", killed " + killed + (killed == 1 ? " process" : " processes") : ""));
        return 0;
    }

    /**
     * Whether process {@code pid} runs and started at {@code start} (so not a reused pid). Without a
     * recorded start time it is not known to be the lab's, and counts as not running: nothing is
     * killed on a pid alone.
     */
    static boolean alive(Long pid, String start) {
        if (pid == null || start == null) return false;
        if (pid == ProcessHandle.current().pid()) return false;
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return false;
        return p.get().info().startInstant().map(i -> i.toString().equals(start)).orElse(false);
    }
}

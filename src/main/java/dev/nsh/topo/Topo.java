package dev.nsh.topo;

import dev.nsh.lab.Lab;
import dev.nsh.lab.LabState;
import dev.nsh.lab.RunningLab;
import dev.nsh.model.Options;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Topology files (containerlab's {@code NAME.clab.yml}) from scripts and Java. Scripts have these
 * functions without imports; Java uses {@code import static dev.nsh.topo.Topo.*}:
 * <pre>
 * def lab = deploy("lab.clab.yml")            // up and kept: namespaces clab-NAME-NODE
 * lab.PC1.ping("192.168.12.2")                 // the Lab: nodes, show(), pingAll(), diagram()
 * destroy("lab.clab.yml")                      // or destroy(name: "NAME"); scripts/nsh destroy -t FILE
 * running("clab-NAME")                         // a lab deployed by another process (Labs.running)
 * </pre>
 */
public final class Topo {
    private Topo() {}

    /** Reads and checks a topology file without making anything. */
    public static Topology topology(String file) {
        return ClabFile.read(Path.of(file), null);
    }

    /** Deploys {@code file}: the lab stays up (scripts/nsh destroy -t FILE, or {@link #destroy}, removes it). */
    public static Lab deploy(String file) {
        return deploy(Map.of(), file);
    }

    /** {@code deploy(file, name: "other")}: under another lab name, as containerlab's --name. */
    public static Lab deploy(Map<String, ?> opts, String file) {
        Options o = new Options("deploy", opts, "name");
        return deploy(ClabFile.read(Path.of(file), o.string("name")), System.out, System.err);
    }

    /** Deploys a topology already read, printing to {@code out} and warnings to {@code err}. */
    public static Lab deploy(Topology t, PrintStream out, PrintStream err) {
        return Deploy.run(t, out, err);
    }

    /** Removes the lab deployed from {@code file}; returns 0 when it is gone. */
    public static int destroy(String file) {
        return destroy(ClabFile.read(Path.of(file), null), System.out, System.err);
    }

    /** {@code destroy(name: "NAME")}: the lab of that name (containerlab's, or the nsh lab's: clab-NAME). */
    public static int destroy(Map<String, ?> opts) {
        Options o = new Options("destroy", opts, "name");
        return RunningLab.open(labOf(o.string("name"))).destroy(System.out, System.err);
    }

    public static int destroy(Topology t, PrintStream out, PrintStream err) {
        return RunningLab.open(t.labName()).destroy(out, err);
    }

    /** The running lab deployed from {@code t}. */
    public static RunningLab running(Topology t) {
        return RunningLab.open(t.labName());
    }

    /** The nsh lab a name given by a user means: the name itself if such a lab runs, else containerlab's {@code clab-NAME}. */
    public static String labOf(String name) {
        if (name == null) throw new dev.nsh.error.InvalidInputException("no lab name given");
        if (Files.exists(LabState.file(name)) || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,26}")) return name;
        return "clab-" + name;
    }
}

package dev.nsh.lab;

import dev.nsh.Namespace;
import dev.nsh.Nsh;
import dev.nsh.error.InvalidInputException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab that is up, opened by its name from its state file ({@code /run/nsh/labs/NAME.jsonl}):
 * one kept by {@code keep: true} or deployed from a topology file by another process. Its nodes
 * are the namespaces the state file records; {@link #destroy()} removes them as {@code --clean
 * NAME} does. {@code Labs.running("clab-demo").node("h1").ping("10.0.0.2")}.
 */
public final class RunningLab {
    static {
        dev.nsh.GroovyAccessors.install(); // lab.nodes reads lab.nodes() in Groovy
    }

    /** One node: its name in the lab, its role as recorded ("host", "switch", "router"), its namespace's name. */
    public record Member(String name, String role, String namespace) {}

    private final String name;
    private final List<Member> members;

    private RunningLab(String name, List<Member> members) {
        this.name = name;
        this.members = members;
    }

    /** The running lab {@code name}; an error naming the labs there are if it has no state file. */
    public static RunningLab open(String name) {
        Lab.checkName("lab name", name);
        LabState.Saved s = LabState.read(name);
        if (s == null) {
            List<String> labs = LabState.labs();
            throw new InvalidInputException("no lab " + name + " is running (no state file " + LabState.file(name) + "); running: "
                    + (labs.isEmpty() ? "none" : String.join(", ", labs)));
        }
        List<Member> ms = new ArrayList<>();
        for (LabRecord r : s.objects()) if (r instanceof LabRecord.Netns n) ms.add(new Member(n.node(), n.role(), n.name()));
        return new RunningLab(name, Collections.unmodifiableList(ms));
    }

    /** The names of the labs with a state file. */
    public static List<String> names() {
        return LabState.labs();
    }

    public String name() {
        return name;
    }

    public List<Member> members() {
        return members;
    }

    /** Node name to namespace, in the order made. */
    public Map<String, Namespace> nodes() {
        Map<String, Namespace> m = new LinkedHashMap<>();
        for (Member x : members) m.put(x.name(), Nsh.existing(x.namespace()));
        return m;
    }

    /** The namespace of node {@code node}; an error naming the nodes there are. */
    public Namespace node(String node) {
        for (Member x : members) if (x.name().equals(node)) return Nsh.existing(x.namespace());
        List<String> names = members.stream().map(Member::name).toList();
        throw new InvalidInputException("lab " + name + " has no node \"" + node + "\"; it has " + (names.isEmpty() ? "none" : String.join(", ", names)));
    }

    /** Groovy: {@code lab.h1}. */
    public Namespace get(String node) {
        for (Member x : members) if (x.name().equals(node)) return Nsh.existing(x.namespace());
        throw new groovy.lang.MissingPropertyException(node, RunningLab.class);
    }

    /** Removes the lab (its processes, namespaces and state file), as {@code scripts/nsh --clean NAME}; returns 0 on success. */
    public int destroy(PrintStream out, PrintStream err) {
        return LabClean.clean(name, out, err);
    }

    public int destroy() {
        return destroy(System.out, System.err);
    }

    @Override
    public String toString() {
        return "running lab " + name + " (" + members.size() + " nodes)";
    }
}

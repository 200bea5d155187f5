package dev.nsh.cli;

import dev.nsh.error.NshException;
import dev.nsh.lab.RunningLab;
import dev.nsh.proc.ProcessResult;
import dev.nsh.proc.RunOptions;
import dev.nsh.sys.Sys;
import dev.nsh.topo.ClabFile;
import dev.nsh.topo.Inspect;
import dev.nsh.topo.Topo;
import dev.nsh.topo.TopoGraph;
import dev.nsh.topo.TopoTests;
import dev.nsh.topo.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The topology-file commands, containerlab's verbs for nsh labs: {@code scripts/nsh deploy -t
 * FILE} (alias {@code up}), {@code destroy}, {@code inspect}, {@code graph}, {@code exec},
 * {@code test}. A topology's lab is an nsh lab (state file under /run/nsh/labs, {@code --clean}).
 */
@Command(name = "nsh", subcommands = {TopoCommands.Deploy.class, TopoCommands.Destroy.class, TopoCommands.InspectCmd.class,
        TopoCommands.Graph.class, TopoCommands.Exec.class, TopoCommands.Test.class}, usageHelpWidth = 100)
final class TopoCommands {
    static final Set<String> VERBS = Set.of("deploy", "up", "destroy", "inspect", "graph", "exec", "test");

    private TopoCommands() {}

    /** Whether {@code argv} is one of these commands (a script file of that name in the way is run as a script). */
    static boolean wants(String[] argv) {
        return argv.length > 0 && VERBS.contains(argv[0]) && !Files.isRegularFile(Path.of(argv[0]));
    }

    static int run(String[] argv) {
        CommandLine cl = new CommandLine(new TopoCommands());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof NshException) {
                cmd.getErr().println("nsh: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(argv);
    }

    private static int needRoot() {
        if (Sys.isRoot()) return 0;
        System.err.println("nsh needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN): run it as root, e.g. sudo scripts/nsh ...");
        return 1;
    }

    @Command(name = "deploy", aliases = "up", description = "Deploy a topology file (containerlab's NAME.clab.yml) as an nsh lab; it stays up.")
    static final class Deploy implements Callable<Integer> {
        @Option(names = {"-t", "--topo"}, required = true, paramLabel = "FILE") Path file;
        @Option(names = "--name", paramLabel = "NAME", description = "Another lab name than the file's.") String name;
        @Option(names = "--reconfigure", description = "Destroy the lab first if it is up.") boolean reconfigure;

        @Override
        public Integer call() {
            if (needRoot() != 0) return 1;
            Topology t = ClabFile.read(file, name);
            if (reconfigure && RunningLab.names().contains(t.labName())) Topo.destroy(t, System.out, System.err);
            Topo.deploy(t, System.out, System.err);
            return 0;
        }
    }

    @Command(name = "destroy", description = "Remove a deployed lab: its namespaces, programs and state file.")
    static final class Destroy implements Callable<Integer> {
        @Option(names = {"-t", "--topo"}, paramLabel = "FILE") Path file;
        @Option(names = "--name", paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            if (needRoot() != 0) return 1;
            if ((file == null) == (name == null)) throw new CommandLine.ParameterException(new CommandLine(this), "give -t FILE or --name NAME");
            String lab = file != null ? ClabFile.read(file, null).labName() : Topo.labOf(name);
            return RunningLab.open(lab).destroy(System.out, System.err);
        }
    }

    @Command(name = "inspect", description = "The running labs' nodes and interfaces (MTU, MAC, bridge, addresses), read from the kernel.")
    static final class InspectCmd implements Callable<Integer> {
        @Option(names = {"-t", "--topo"}, paramLabel = "FILE", description = "Only the lab of this file.") Path file;
        @Option(names = "--name", paramLabel = "NAME", description = "Only this lab.") String name;
        @Option(names = {"-f", "--format"}, paramLabel = "table|json", defaultValue = "table") String format;

        @Override
        public Integer call() {
            if (needRoot() != 0) return 1;
            if (!format.equals("table") && !format.equals("json")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "format " + format + " is not table or json");
            }
            List<String> labs = file != null ? List.of(ClabFile.read(file, null).labName())
                    : name != null ? List.of(Topo.labOf(name)) : RunningLab.names();
            if (file != null || name != null) RunningLab.open(labs.get(0)); // an error when it is not up
            if (format.equals("json")) System.out.print(Inspect.json(labs));
            else if (labs.isEmpty()) System.out.println("no labs are running");
            else System.out.print(Inspect.table(labs));
            return 0;
        }
    }

    @Command(name = "graph", description = "Draw a topology file: -o X.svg / .png (Graphviz), .dot, .md / .mmd (Mermaid).")
    static final class Graph implements Callable<Integer> {
        @Option(names = {"-t", "--topo"}, required = true, paramLabel = "FILE") Path file;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT") Path out;

        @Override
        public Integer call() {
            Path written = TopoGraph.write(ClabFile.read(file, null), out, System.out);
            System.out.println("wrote " + written);
            return 0;
        }
    }

    @Command(name = "exec", description = "Run a command in a node of a deployed lab (every linux node without --node), as ip netns exec does.")
    static final class Exec implements Callable<Integer> {
        @Option(names = {"-t", "--topo"}, required = true, paramLabel = "FILE") Path file;
        @Option(names = "--node", paramLabel = "NODE") String node;
        @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments (after --).") List<String> command;

        @Override
        public Integer call() {
            if (needRoot() != 0) return 1;
            Topology t = ClabFile.read(file, null);
            RunningLab lab = RunningLab.open(t.labName());
            List<Topology.NodeSpec> nodes = new ArrayList<>();
            if (node != null) {
                Topology.NodeSpec n = t.node(node);
                if (n == null || n.kind() != Topology.Kind.LINUX) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "node " + node + " is not a linux node of " + file);
                }
                nodes.add(n);
            } else {
                for (Topology.NodeSpec n : t.nodes()) if (n.kind() == Topology.Kind.LINUX) nodes.add(n);
            }
            int status = 0;
            for (Topology.NodeSpec n : nodes) {
                if (nodes.size() > 1) System.out.println("--- " + n.name());
                // the running lab's namespace (an error naming its nodes when it has no such node)
                ProcessResult r = lab.node(n.name()).run(RunOptions.of().env(n.env()), command.toArray(new String[0]));
                status = Math.max(status, r.exitCode());
            }
            return status;
        }
    }

    @Command(name = "test", description = "Run the tests of a topology file (config.vars.nsh.tests of its nodes) against the running lab; "
            + "exit 1 on a failure.")
    static final class Test implements Callable<Integer> {
        @Option(names = {"-t", "--topo"}, required = true, paramLabel = "FILE") Path file;

        @Override
        public Integer call() {
            if (needRoot() != 0) return 1;
            Topology t = ClabFile.read(file, null);
            RunningLab.open(t.labName());
            return TopoTests.run(t, System.out) == 0 ? 0 : 1;
        }
    }
}

package dev.nsh.cli;

import dev.nsh.sys.Sys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The {@code nsh} command line: a script, {@code -e CODE}, or the REPL. */
@Command(name = "nsh", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        usageHelpWidth = 100,
        description = {
                "The network namespace shell: Linux network namespaces, veth pairs, bridges, addresses,",
                "routes, neighbours, ping and capture, from Groovy scripts, a REPL, or Java. As root it works",
                "on the host's named namespaces (ip netns); as another user, rootless, in a user namespace of",
                "that user's own (scripts/nsh starts it: see README.md).",
                "",
                "Scripts need no imports: ns(\"ns-1\") gets or creates a namespace, and so on (see README.md)."},
        footer = {"", "Examples:",
                "  sudo scripts/nsh examples/blog-walkthrough.groovy",
                "  sudo scripts/nsh -e 'println ns(\"ns-1\").links()'",
                "  sudo scripts/nsh                 (the REPL; /help there)",
                "  sudo scripts/nsh --jshell        (JShell, Java syntax)",
                "", "Exit status: 0 on success; 1 when the script failed (one line names file, line and message); 2 for usage errors.",
                "", "scripts/nsh runs nsh on the newest JDK 25 or later it finds, else on java; NSH_JAVA=/path/to/java",
                "chooses the JDK and NSH_JAVA_OPTS adds JVM options.",
                "", "Rootless: scripts/nsh [--rootless] ... runs nsh in the user's holder of namespaces (started on first use);",
                "scripts/nsh --rootless-run CMD... runs any command there (mvn test, a Java program embedding nsh);",
                "scripts/nsh --rootless-stop ends it and everything in it; scripts/nsh --rootless-uplink gives its namespace",
                "a way out to the outside network (pasta, Debian package passt; /dev/net/tun must be the user's to open).",
                "", "Topology files (containerlab's NAME.clab.yml, linux, bridge and host nodes; README.md):",
                "  scripts/nsh deploy -t FILE [--name NAME] [--reconfigure]   (alias up) make the lab; it stays up",
                "  scripts/nsh destroy -t FILE | --name NAME                 remove it",
                "  scripts/nsh inspect [-t FILE | --name NAME] [-f json]     nodes, interfaces, MTU, MAC, addresses",
                "  scripts/nsh graph -t FILE -o OUT.svg|.png|.dot|.md        draw it",
                "  scripts/nsh exec -t FILE [--node N] -- CMD...             run a command in a node (every linux node without --node)",
                "  scripts/nsh test -t FILE                                  run its tests (config.vars.nsh.tests); exit 1 on a failure"})
public final class Main implements Callable<Integer> {
    @Option(names = "-e", paramLabel = "CODE", description = "Evaluate CODE (Groovy) and exit.")
    String code;

    @Option(names = "--trace", description = "On an error, print the full stack trace too.")
    boolean trace;

    @Option(names = "--jshell", description = "Start JShell (Java syntax) with import static dev.nsh.Nsh.* in place; "
            + "FILE arguments are JShell's.")
    boolean jshell;

    @Option(names = "--clean", arity = "0..1", paramLabel = "LAB", fallbackValue = "",
            description = "Remove what labs left behind (a killed process, keep: true), from their state files "
                    + "under /run/nsh/labs; only LAB if given. Nothing that nsh did not make is touched.")
    String clean;

    @Parameters(paramLabel = "FILE [ARGS]", arity = "0..*",
            description = "A .groovy script to run, then the arguments it sees as args.")
    List<String> positional = new ArrayList<>();

    public static void main(String[] argv) {
        Sys.preload(); // JNA's set-up runs on the second core while Groovy compiles
        Main fast = fastPath(argv);
        int status;
        if (TopoCommands.wants(argv)) {
            status = TopoCommands.run(argv);
        } else if (fast != null) {
            status = fast.call();
        } else {
            CommandLine cl = new CommandLine(new Main());
            cl.setStopAtPositional(true);
            status = cl.execute(argv);
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * The three everyday forms, {@code nsh [--trace] FILE ARGS...}, {@code nsh [--trace] -e CODE
     * ARGS...} and {@code nsh}, filled in without loading picocli: its classes (Java 5 bytecode)
     * cannot be kept in the class-data archive and cost about a third of nsh's start. Anything
     * else (options, help, errors) goes to picocli, which stays the definition of the command line.
     */
    static Main fastPath(String[] argv) {
        Main m = new Main();
        int i = 0;
        if (i < argv.length && argv[i].equals("--trace")) {
            m.trace = true;
            i++;
        }
        if (i == argv.length) return m;
        if (argv[i].equals("-e")) {
            if (i + 1 >= argv.length) return null;
            m.code = argv[i + 1];
            i += 2;
        } else if (argv[i].startsWith("-")) {
            return null;
        }
        m.positional = new ArrayList<>(List.of(argv).subList(i, argv.length));
        return m;
    }

    @Override
    public Integer call() {
        if (!Sys.isRoot()) {
            System.err.println("nsh needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN): run it as root, e.g. sudo scripts/nsh ...");
            return 1;
        }
        if (clean != null) return dev.nsh.lab.LabClean.run(clean, System.out, System.err);
        if (jshell) return JShellMode.run(positional.toArray(new String[0]));
        ScriptRunner runner = new ScriptRunner(trace, System.err);
        if (code != null) return runner.runCode(code, positional);
        if (!positional.isEmpty()) {
            return runner.runFile(Path.of(positional.get(0)), positional.subList(1, positional.size()));
        }
        return new Repl(trace).run();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"nsh " + (v == null ? "(development build)" : v),
                    "Java " + System.getProperty("java.version") + ", Groovy " + groovy.lang.GroovySystem.getVersion()};
        }
    }
}

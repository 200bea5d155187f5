package dev.nsh.cli;

import dev.nsh.ns.Namespaces;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import org.codehaus.groovy.control.CompilationFailedException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The interactive shell: JLine for the terminal (history in ~/.nsh_history, Ctrl-R), Groovy for
 * the language, variables kept across lines. Ctrl-C stops the running evaluation and keeps the
 * session; Ctrl-D leaves. An error prints one line; {@code /trace} shows the last one in full.
 */
final class Repl {
    private static final String HELP = """
            nsh: the network namespace shell. Groovy, with these functions:
              ns("ns-1")                      a namespace (created if missing); ns("x", create: false)
              namespaces()                    named namespaces, as ip netns list
              a.veth("veth-1").peer(b, "veth-2")   a veth pair, one end in a, one in b
              a.link("veth-1").addr("10.0.0.10/16").up()   address and up
              a.bridge("br0"); a.link("v").master(a.link("br0"))
              a.route("default", via: "10.0.0.1"); a.forwarding(true); a.sysctl("net.ipv4.ip_forward")
              a.links(); a.addrs(); a.routes(); a.arp()    tables (add .json for ip -j form)
              a.run("ss", "-tln"); a.sh("echo $$")        programs inside the namespace
              a.delete()
            Commands: /help  /namespaces  /load FILE  /trace  /clear  /exit""";

    private final boolean traceAlways;
    private Throwable last;

    Repl(boolean traceAlways) {
        this.traceAlways = traceAlways;
    }

    int run() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("nsh")
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".nsh_history"))
                    .build();
            PrintWriter out = terminal.writer();
            Binding binding = new Binding();
            GroovyShell shell = ScriptRunner.shell(binding);
            StringBuilder pending = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(pending.length() == 0 ? "nsh> " : "...> ");
                } catch (UserInterruptException e) {
                    pending.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (pending.length() == 0 && line.strip().startsWith("/")) {
                    if (!command(line.strip(), out, shell)) break;
                    continue;
                }
                pending.append(line).append('\n');
                String code = pending.toString();
                if (incomplete(shell, code)) continue;
                pending.setLength(0);
                evaluate(terminal, shell, code, out);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("nsh: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    private boolean command(String line, PrintWriter out, GroovyShell shell) {
        String[] w = line.split("\\s+", 2);
        switch (w[0]) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/help" -> out.println(HELP);
            case "/namespaces" -> Namespaces.list().forEach(out::println);
            case "/trace" -> {
                if (last == null) out.println("no error yet");
                else last.printStackTrace(out);
            }
            case "/clear" -> out.print("\033[H\033[2J");
            case "/load" -> {
                if (w.length < 2) out.println("/load FILE: which file?");
                else {
                    try {
                        evaluate(null, shell, Files.readString(Path.of(w[1])), out);
                    } catch (IOException e) {
                        out.println("cannot read " + w[1] + ": " + e.getMessage());
                    }
                }
            }
            default -> out.println("unknown command " + w[0] + "; /help lists them");
        }
        out.flush();
        return true;
    }

    /** True while brackets or a closure are still open: Groovy reports an unexpected end of input. */
    private static boolean incomplete(GroovyShell shell, String code) {
        try {
            shell.parse(toBindingVars(code));
            return false;
        } catch (CompilationFailedException e) {
            String m = e.getMessage();
            return m.contains("Unexpected input: '<EOF>'") || m.contains("unexpected end of file")
                    || m.contains("Premature end") || m.contains("expecting '}'") || m.contains("Unexpected character: '\\''");
        }
    }

    private void evaluate(Terminal terminal, GroovyShell shell, String code, PrintWriter out) {
        // Evaluated on a root-namespace platform thread of its own, so Ctrl-C can interrupt it.
        FutureTask<Object> task = new FutureTask<>(() -> shell.evaluate(toBindingVars(code), "nsh_repl.groovy"));
        Thread worker = new Thread(task, "nsh-eval");
        Terminal.SignalHandler previous = terminal == null ? null
                : terminal.handle(Terminal.Signal.INT, s -> worker.interrupt());
        worker.start();
        try {
            Object result = task.get();
            if (result != null) out.println(result);
        } catch (ExecutionException e) {
            last = e.getCause();
            out.println(ErrorLine.message(e.getCause()));
            if (traceAlways) e.getCause().printStackTrace(out);
        } catch (InterruptedException e) {
            worker.interrupt();
        } finally {
            if (terminal != null) terminal.handle(Terminal.Signal.INT, previous);
            out.flush();
        }
    }

    /**
     * {@code def a = x, b = y} at the start of a line becomes {@code a = x; b = y}: binding
     * variables, so they outlive the line (as in groovysh).
     */
    static String toBindingVars(String code) {
        StringBuilder out = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            var m = java.util.regex.Pattern.compile("^(\\s*)def\\s+(?=[A-Za-z_][A-Za-z0-9_]*\\s*=[^=])").matcher(line);
            if (!m.find()) {
                out.append(line).append('\n');
                continue;
            }
            out.append(m.group(1)).append(String.join("; ", splitTopLevel(line.substring(m.end())))).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** Splits at commas outside brackets and quotes. */
    private static java.util.List<String> splitTopLevel(String s) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int depth = 0, from = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') quote = c;
            else if ("([{".indexOf(c) >= 0) depth++;
            else if (")]}".indexOf(c) >= 0) depth--;
            else if (c == ',' && depth == 0) {
                parts.add(s.substring(from, i).strip());
                from = i + 1;
            }
        }
        parts.add(s.substring(from).strip());
        return parts;
    }
}

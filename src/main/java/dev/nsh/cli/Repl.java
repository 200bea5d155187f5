package dev.nsh.cli;

import dev.nsh.model.Printed;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Workers;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;

/**
 * The interactive shell, composed in one place: a JLine terminal and line reader (history in
 * ~/.nsh_history, Ctrl-R), {@link NshCompleter}, {@link GroovyHighlighter}, a table of slash
 * commands, and Groovy with variables kept across lines. Ctrl-C stops the running evaluation and
 * keeps the session; Ctrl-D leaves. An error prints one line; {@code /trace} shows it in full.
 */
final class Repl {
    private final boolean traceAlways;
    private final Binding binding = new Binding();
    private final GroovyShell shell = ScriptRunner.shell(binding);
    private final Map<String, BiConsumer<String, PrintWriter>> commands = new LinkedHashMap<>();
    private Throwable last;
    private boolean done;

    Repl(boolean traceAlways) {
        this.traceAlways = traceAlways;
        binding.setVariable("args", new String[0]); // so /load of a script that reads args works
        commands.put("/help", (arg, out) -> out.println(arg.isEmpty() ? HelpText.OVERVIEW : HelpText.topic(arg)));
        commands.put("/namespaces", (arg, out) -> Namespaces.list().forEach(out::println));
        commands.put("/load", this::load);
        commands.put("/trace", (arg, out) -> {
            if (last == null) out.println("no error yet");
            else last.printStackTrace(out);
        });
        commands.put("/clear", (arg, out) -> out.print("\033[H\033[2J"));
        commands.put("/exit", (arg, out) -> done = true);
    }

    int run() {
        // dumb(true): input from a pipe or a file (nsh < lines.groovy) gets a plain terminal without JLine's warning about it.
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("nsh").parser(new GroovyLineParser())
                    .completer(new NshCompleter(binding, commands::keySet))
                    .highlighter(new GroovyHighlighter())
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "...> ")
                    .build();
            PrintWriter out = terminal.writer();
            out.println("nsh " + new Main.Version().getVersion()[0].substring(4) + ": /help for help, Ctrl-D to leave");
            warmUpCompiler();
            while (!done) {
                String line;
                try {
                    line = reader.readLine("nsh> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (GroovyLineParser.isCommand(line)) {
                    command(line.strip(), out);
                    continue;
                }
                evaluate(terminal, line, out);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("nsh: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Compiles a throwaway line on a daemon thread while the user types the first one: Groovy's
     * compiler sets itself up once per JVM (about 0.2 s), which would otherwise delay that line.
     * It waits 0.1 s first, for the prompt to be drawn: at once, it delayed the prompt by about
     * 35 ms on two cores (bench/repl-timing.py).
     */
    private void warmUpCompiler() {
        Workers.start("nsh-warmup", () -> {
            try {
                Thread.sleep(100);
                shell.parse("namespaces()", "nsh_warmup.groovy");
            } catch (InterruptedException | RuntimeException ignored) {
                // the user's own first line will report whatever is wrong
            }
        });
    }

    /** ~/.nsh_history, with ~ from $HOME as shells take it (Java's user.home ignores $HOME). */
    static Path historyFile() {
        String home = System.getenv("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home, ".nsh_history");
    }

    private void command(String line, PrintWriter out) {
        String[] w = line.split("\\s+", 2);
        BiConsumer<String, PrintWriter> c = commands.get(w[0]);
        if (c == null) c = w[0].equals("/quit") ? commands.get("/exit") : null;
        if (c == null) out.println("unknown command " + w[0] + "; /help lists them");
        else c.accept(w.length > 1 ? w[1].strip() : "", out);
        out.flush();
    }

    private void load(String file, PrintWriter out) {
        if (file.isEmpty()) {
            out.println("/load FILE: which file?");
            return;
        }
        try {
            evaluate(null, Files.readString(Path.of(file)), out);
        } catch (IOException e) {
            out.println("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void evaluate(Terminal terminal, String code, PrintWriter out) {
        // A root-namespace platform thread of its own, so that Ctrl-C can interrupt it.
        FutureTask<Object> task = new FutureTask<>(() -> shell.evaluate(toBindingVars(code), "nsh_repl.groovy"));
        Thread[] worker = new Thread[1];
        Terminal.SignalHandler previous = terminal == null ? null
                : terminal.handle(Terminal.Signal.INT, s -> {
                    if (worker[0] != null) worker[0].interrupt();
                });
        worker[0] = Workers.start("nsh-eval", task);
        try {
            Object result = task.get();
            if (result != null && !(result instanceof Printed)) out.println(result);
        } catch (ExecutionException e) {
            last = e.getCause();
            out.println(ErrorLine.message(e.getCause()));
            if (traceAlways) e.getCause().printStackTrace(out);
        } catch (InterruptedException e) {
            worker[0].interrupt();
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
            out.append(m.group(1)).append(String.join("; ", GroovySource.split(line.substring(m.end()), ",", ""))).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

}

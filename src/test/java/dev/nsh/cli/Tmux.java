package dev.nsh.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real pseudo-terminal for REPL tests: tmux on a server of its own (-L), typing with send-keys
 * and reading the screen with capture-pane, as a person at a terminal would.
 */
final class Tmux implements AutoCloseable {
    private final String server = "nsh-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    Tmux(String home, List<String> command) {
        this(home, null, command);
    }

    /** {@code command} started in {@code dir} (null: where this JVM runs). */
    Tmux(String home, Path dir, List<String> command) {
        // The command goes through a script file: a class path can be longer than tmux takes.
        Path script = Path.of(home, "run-" + System.nanoTime() + ".sh");
        try {
            Files.writeString(script, "exec " + String.join(" ", command.stream().map(Tmux::quote).toList()) + "\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<String> session = new ArrayList<>(List.of("new-session", "-d", "-s", "t", "-x", "160", "-y", "50", "-e", "HOME=" + home,
                "-e", "TERM=xterm-256color"));
        if (dir != null) session.addAll(List.of("-c", dir.toString()));
        session.add("sh " + script);
        tmux(session.toArray(new String[0]));
    }

    /** nsh's Main in a JVM like this one (its java, class path and --add-opens), with {@code args}: the command for a REPL test. */
    static List<String> nsh(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Types text literally (no key names); a ";" at the end too (tmux would take it for a command separator). */
    void type(String text) {
        tmux("send-keys", "-t", "t", "-l", text.endsWith(";") ? text.substring(0, text.length() - 1) + "\\;" : text);
    }

    /** Presses keys by tmux name: Enter, Tab, C-c, C-d, C-u. */
    void press(String... keys) {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", "t"));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(new String[0]));
    }

    /** Types each line key by key, Enter after each, then waits for {@code expect}; returns the screen. */
    String typed(String expect, String... lines) {
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) type(line.substring(i, i + 1));
            press("Enter");
        }
        return waitFor(expect, 60);
    }

    /** Types a whole line at once and Enter, then waits for {@code expect}. */
    String entered(String line, String expect) {
        type(line);
        press("Enter");
        return waitFor(expect, 60);
    }

    String screen() {
        return tmux("capture-pane", "-t", "t", "-p", "-S", "-200");
    }

    /** Waits until the screen holds {@code text} the {@code times}-th time; fails with the screen. */
    String waitFor(String text, int times, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String s = "";
        while (System.nanoTime() < end) {
            s = screen();
            if (count(s, text) >= times) return s;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the screen never showed \"" + text + "\" " + times + " time(s):\n" + s
                + "\npanes: " + tmux("list-panes", "-a", "-F", "#{pane_dead} #{pane_pid} #{pane_current_command}") + jstack());
    }

    String waitFor(String text, int seconds) {
        return waitFor(text, 1, seconds);
    }

    private String jstack() {
        try {
            String pid = tmux("list-panes", "-F", "#{pane_pid}").strip();
            Process p = new ProcessBuilder("jstack", pid).redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | AssertionError e) {
            return "";
        }
    }

    boolean alive() {
        try {
            tmux("has-session", "-t", "t");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }

    private String tmux(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", server));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + ": " + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (AssertionError ignored) {
            // already gone with its last session
        }
    }
}

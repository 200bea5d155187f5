package dev.nsh.proc;

import dev.nsh.error.InvalidInputException;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run a program in a namespace; the Java form of the language's named arguments:
 *
 * <pre>
 * ns.run(RunOptions.of().env("LC_ALL", "C").dir("/tmp").input("text").timeout(5).check(true).quiet(true),
 *        "sort");
 * </pre>
 *
 * {@code env} adds to (a null value removes from) the JVM's environment; {@code dir} is the working
 * directory; {@code input} is written to the program's stdin (without it, {@code run} and
 * {@code sh} pass the terminal's stdin on, {@code spawn} gives none); {@code timeout} kills the
 * program and its children; {@code check} turns a non-zero exit into an error; {@code quiet} keeps
 * the output off the terminal (it is still in the result); {@code detach} lets a spawned program
 * outlive nsh.
 */
public final class RunOptions {
    private final Map<String, String> env = new LinkedHashMap<>();
    private String dir;
    private String input;
    private Duration timeout;
    private boolean check, quiet, detach;

    private RunOptions() {}

    public static RunOptions of() {
        return new RunOptions();
    }

    public RunOptions env(String name, String value) {
        if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new InvalidInputException("environment variable name \"" + name + "\" must be non-empty, without = or NUL");
        }
        env.put(name, value);
        return this;
    }

    public RunOptions env(Map<String, ?> vars) {
        vars.forEach((k, v) -> env(k, v == null ? null : v.toString()));
        return this;
    }

    public RunOptions dir(String directory) {
        this.dir = directory;
        return this;
    }

    public RunOptions input(String text) {
        this.input = text;
        return this;
    }

    public RunOptions timeout(Duration t) {
        if (t != null && (t.isNegative() || t.isZero())) throw new InvalidInputException("timeout " + t + " must be positive");
        this.timeout = t;
        return this;
    }

    /** Seconds, fractions allowed. */
    public RunOptions timeout(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) throw new InvalidInputException("timeout " + seconds + " s must be a positive number of seconds");
        return timeout(Duration.ofNanos((long) (seconds * 1e9)));
    }

    public RunOptions check(boolean on) {
        this.check = on;
        return this;
    }

    public RunOptions quiet(boolean on) {
        this.quiet = on;
        return this;
    }

    public RunOptions detach(boolean on) {
        this.detach = on;
        return this;
    }

    public Map<String, String> environment() {
        return Collections.unmodifiableMap(env);
    }

    public String directory() {
        return dir;
    }

    public String input() {
        return input;
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean check() {
        return check;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean detach() {
        return detach;
    }
}

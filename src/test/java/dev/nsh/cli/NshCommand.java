package dev.nsh.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the nsh command line in a child JVM (the test's own class path), as a user runs
 * {@code scripts/nsh}: exit status, stdout and stderr come back separately.
 */
record NshCommand(int status, String out, String err) {

    static NshCommand run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(new File(projectDir())).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = read(p.getInputStream()), err = read(p.getErrorStream());
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                // SIGKILL: no shutdown hook runs, so the caller removes what the script made (ExamplesTest does).
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("nsh " + String.join(" ", args) + ": timed out; it said: " + out.getNow("") + err.getNow(""));
            }
            return new NshCommand(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    static String projectDir() {
        return System.getProperty("nsh.project.dir", System.getProperty("user.dir"));
    }
}

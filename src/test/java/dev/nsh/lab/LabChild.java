package dev.nsh.lab;

import dev.nsh.cli.Main;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The nsh command line in a child JVM (the test's class path), as {@code scripts/nsh}: started
 * and left running ({@link #start}), to be killed, or run to its end ({@link #run}).
 */
record LabChild(int status, String out, String err) {

    static Process start(Path outFile, String... args) throws IOException {
        return start(List.of(), outFile, args);
    }

    /** With JVM options first ({@code -Dnsh.lab.dir=...}). */
    static Process start(List<String> jvmOptions, Path outFile, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(System.getProperty("nsh.project.dir", System.getProperty("user.dir"))))
                .redirectErrorStream(true).redirectOutput(outFile.toFile());
        return pb.start();
    }

    static LabChild run(String... args) {
        return run(List.of(), args);
    }

    static LabChild run(List<String> jvmOptions, String... args) {
        try {
            Path out = Files.createTempFile("nsh-lab-child", ".out");
            try {
                Process p = start(jvmOptions, out, args);
                p.getOutputStream().close();
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("nsh " + String.join(" ", args) + ": timed out");
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                return new LabChild(p.exitValue(), text, text);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package dev.nsh.cli;

import jdk.jshell.tool.JavaShellToolBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code nsh --jshell}: the same API in Java syntax, through the JDK's own JShell, with
 * {@code import static dev.nsh.Nsh.*} and {@code dev.nsh.lab.Labs.*} in place, and the option
 * objects ({@code a.ping(PingOptions.to("10.0.0.20").count(2))}, as Java is written; Groovy's
 * named options are a Map first). JShell runs snippets in a child JVM of its own ({@link JShellAgent}, so
 * that a ping's summary is printed once); it gets nsh's jar and the same --add-opens.
 */
final class JShellMode {
    private JShellMode() {}

    static int run(String... extra) {
        try {
            Path startup = Files.createTempFile("nsh-jshell", ".jsh");
            startup.toFile().deleteOnExit();
            StringBuilder imports = new StringBuilder();
            for (Class<?> c : ScriptRunner.FUNCTIONS) imports.append("import static ").append(c.getName()).append(".*;\n");
            Files.writeString(startup, imports + "import dev.nsh.*;\nimport dev.nsh.error.*;\nimport dev.nsh.model.*;\nimport dev.nsh.lab.Lab;\n"
                    + "import dev.nsh.packet.ping.PingOptions;\nimport dev.nsh.packet.capture.CaptureOptions;\nimport dev.nsh.proc.RunOptions;\n");
            // nsh's own class path, absolute (java -jar gives a relative one), for JShell's child JVM.
            String jar = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                    .map(p -> Path.of(p).toAbsolutePath().toString())
                    .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
            String[] base = {"--class-path", jar, "--startup", "DEFAULT", "--startup", startup.toString(),
                    "--execution", "jdi:remoteAgent(" + JShellAgent.class.getName() + ")",
                    "-R--add-opens=java.base/java.lang=ALL-UNNAMED", "-R--enable-native-access=ALL-UNNAMED", "-R-XX:TieredStopAtLevel=1"};
            String[] args = new String[base.length + extra.length];
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(extra, 0, args, base.length, extra.length);
            return JavaShellToolBuilder.builder().start(args);
        } catch (Exception e) {
            System.err.println("nsh: cannot start JShell: " + e.getMessage());
            return 1;
        }
    }
}

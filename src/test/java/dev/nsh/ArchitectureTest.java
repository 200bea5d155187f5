package dev.nsh;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package graph points one way (docs/ARCHITECTURE.md): a package may import only packages of
 * the rows below its own, never a sibling in its row, never one above. Judged on the compiled
 * classes (ArchUnit reads the bytecode, so a fully qualified name in the code counts as an import,
 * as jdeps counts it); a violation is named by its file: {@code model/Names.java imports dev.nsh.lab}.
 * Needs no root.
 */
class ArchitectureTest {
    /**
     * Top to bottom. A package named here stands for its subpackages too, unless they have a row
     * of their own. Packages that do not exist yet have their places kept, so that they land there.
     */
    static final List<List<String>> ROWS = List.of(
            List.of("dev.nsh.cli"),                                            // entry points
            List.of("dev.nsh.junit"),                                          // the test library
            List.of("dev.nsh.topo"),                                           // topology files
            List.of("dev.nsh.lab"),                                            // labs
            List.of("dev.nsh"),                                                // the language
            List.of("dev.nsh.nft", "dev.nsh.tc", "dev.nsh.table", "dev.nsh.packet.ping", "dev.nsh.packet.capture"), // features
            List.of("dev.nsh.packet.filter"),
            List.of("dev.nsh.packet", "dev.nsh.proc"),
            List.of("dev.nsh.ops"),                                            // operations
            List.of("dev.nsh.ns"),                                             // namespaces and their threads
            List.of("dev.nsh.netlink.rtnl", "dev.nsh.netlink.nft"),           // message schemas: rtnetlink, nf_tables
            List.of("dev.nsh.netlink", "dev.nsh.model"),                       // wire encoding; plain data
            List.of("dev.nsh.sys"),                                            // native calls
            List.of("dev.nsh.error"));                                         // the base: exceptions only

    /** Narrower than their row allows: plain data knows nothing of bytes or native calls. */
    static final Map<String, Set<String>> ONLY = Map.of("dev.nsh.model", Set.of("dev.nsh.error"));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.nsh");
    }

    @Test
    void everyImportPointsDown() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = rowPackage(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                if (!target.getPackageName().startsWith("dev.nsh")) continue;
                String to = rowPackage(target.getPackageName());
                if (from == null || to == null || from.equals(to) || allowed(from, to)) continue;
                violations.add(file(c) + " imports " + target.getPackageName() + " (" + target.getName() + "): " + rule(from, to));
            }
        }
        assertEquals("", String.join("\n", violations), violations.size() + " import(s) against the layers of docs/ARCHITECTURE.md");
    }

    @Test
    void everyPackageHasItsRow() {
        Set<String> homeless = new TreeSet<>();
        for (JavaClass c : classes) if (rowPackage(c.getPackageName()) == null) homeless.add(c.getPackageName());
        assertEquals(Set.of(), homeless, "packages with no row in ArchitectureTest.ROWS: add them where they belong");
    }

    /**
     * JUnit is a provided dependency, there only for a project's tests: no other package may use it
     * or the test library (the runnable jar has no JUnit; cli sits above junit in the rows only
     * because an entry point may use any layer).
     */
    @Test
    void onlyTheTestLibraryUsesJUnit() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass c : classes) {
            if (c.getPackageName().startsWith("dev.nsh.junit")) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith("dev.nsh.junit") || to.startsWith("org.junit")) violations.add(file(c) + " imports " + to);
            }
        }
        assertEquals("", String.join("\n", violations), "only dev.nsh.junit may use JUnit and the test library");
    }

    @Test
    void theBasePackageHoldsExceptionsOnly() {
        List<String> others = new ArrayList<>();
        for (JavaClass c : classes) {
            if (c.getPackageName().equals("dev.nsh.error") && !c.isAssignableTo(Throwable.class)) others.add(c.getName());
        }
        assertEquals(List.of(), others, "dev.nsh.error is for exception types and nothing else");
    }

    @Test
    void theProductJarHoldsNoBenchmarks() {
        List<String> bench = classes.stream().map(JavaClass::getName).filter(n -> n.startsWith("dev.nsh.bench.")).toList();
        assertEquals(List.of(), bench, "benchmarks belong in bench/src, compiled against the jar");
    }

    @Test
    void noMainSourceFileIsOver450Lines() throws IOException {
        Path main = Path.of(System.getProperty("nsh.project.dir", "."), "src", "main", "java");
        List<String> long_ = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(p).size();
                if (lines > 450) long_.add(main.relativize(p) + ": " + lines + " lines");
            }
        }
        assertTrue(Files.isDirectory(main), main + " is not the main source tree");
        assertEquals(List.of(), long_, "a main source file is one concept; split these");
    }

    /** The package of the row entry {@code pkg} belongs to (itself, or the nearest listed parent); null if none. */
    static String rowPackage(String pkg) {
        String best = null;
        for (List<String> row : ROWS) {
            for (String p : row) {
                boolean under = pkg.equals(p) || (pkg.startsWith(p + ".") && !p.equals("dev.nsh"));
                if (under && (best == null || p.length() > best.length())) best = p;
            }
        }
        return best;
    }

    static int row(String rowPackage) {
        for (int i = 0; i < ROWS.size(); i++) if (ROWS.get(i).contains(rowPackage)) return i;
        throw new IllegalArgumentException(rowPackage);
    }

    static boolean allowed(String from, String to) {
        Set<String> only = ONLY.get(from);
        if (only != null) return only.contains(to);
        return row(to) > row(from);
    }

    private static String rule(String from, String to) {
        if (ONLY.containsKey(from)) return from + " may use only " + String.join(", ", new TreeSet<>(ONLY.get(from)));
        return row(to) == row(from) ? to + " is beside " + from + ", not below it" : to + " is above " + from;
    }

    /** "model/Names.java": the source file, relative to dev/nsh. */
    private static String file(JavaClass c) {
        String top = c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
        String rel = top.substring("dev.nsh.".length()).replace('.', '/');
        String source = c.getSource().flatMap(s -> s.getFileName()).orElse(null);
        if (source != null) rel = rel.substring(0, rel.lastIndexOf('/') + 1) + source;
        else rel += ".java";
        return rel;
    }
}

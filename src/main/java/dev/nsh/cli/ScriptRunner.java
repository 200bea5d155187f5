package dev.nsh.cli;

import dev.nsh.Nsh;
import dev.nsh.lab.Labs;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.transform.ThreadInterrupt;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs nsh's Groovy: scripts need no imports (the language's functions are static imports of
 * {@link Nsh} and {@link Labs}, its types plain imports). An error becomes one line naming the
 * script file and line, unless a full trace was asked for.
 */
public final class ScriptRunner {
    /** The classes whose static methods are the language's functions, for scripts, the REPL and JShell. */
    static final List<Class<?>> FUNCTIONS = List.of(Nsh.class, Labs.class, dev.nsh.topo.Topo.class);

    private final boolean trace;
    private final PrintStream err;

    public ScriptRunner(boolean trace, PrintStream err) {
        this.trace = trace;
        this.err = err;
    }

    public static GroovyShell shell(Binding binding) {
        dev.nsh.GroovyAccessors.install();
        CompilerConfiguration cc = new CompilerConfiguration();
        ImportCustomizer imports = new ImportCustomizer();
        for (Class<?> c : FUNCTIONS) imports.addStaticStars(c.getName());
        imports.addStarImports("dev.nsh", "dev.nsh.error", "dev.nsh.model");
        imports.addImports("dev.nsh.lab.Lab");
        // Loops, closures and methods check for an interrupt (groovy.transform.ThreadInterrupt), so
        // Ctrl-C in the REPL stops a statement that runs Groovy code only, such as while (true) {}.
        cc.addCompilationCustomizers(imports, new ASTTransformationCustomizer(ThreadInterrupt.class));
        return new GroovyShell(ScriptRunner.class.getClassLoader(), binding, cc);
    }

    /** Runs a script file with {@code args}; returns the exit status. */
    public int runFile(Path file, List<String> args) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            err.println("nsh: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        return run(text, file.getFileName().toString(), args);
    }

    /** Evaluates code given with -e. */
    public int runCode(String code, List<String> args) {
        return run(code, "-e", args);
    }

    private int run(String text, String name, List<String> args) {
        Binding b = new Binding();
        b.setVariable("args", args.toArray(new String[0]));
        try {
            // A file name ending in .groovy keeps Groovy from deriving odd class names.
            shell(b).evaluate(text, name.endsWith(".groovy") ? name : "nsh_e.groovy");
            return 0;
        } catch (MultipleCompilationErrorsException e) {
            err.println(ErrorLine.compileError(name, e));
            if (trace) e.printStackTrace(err);
            return 1;
        } catch (Throwable t) {
            err.println(ErrorLine.of(t, name.endsWith(".groovy") ? name : "nsh_e.groovy", name));
            if (trace) t.printStackTrace(err);
            return 1;
        }
    }
}

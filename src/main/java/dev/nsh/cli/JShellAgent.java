package dev.nsh.cli;

import dev.nsh.model.Printed;
import jdk.jshell.execution.RemoteExecutionControl;
import jdk.jshell.execution.Util;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The JVM that runs {@code --jshell}'s snippets (JShell's remote agent, as
 * {@link RemoteExecutionControl} is, started by {@code --execution jdi:remoteAgent(...)}). One
 * difference: a result whose text was printed while it was made ({@link Printed}: a ping's
 * replies and summary) is shown as {@code $4 ==> PingResult (printed above)}, not printed again.
 */
public final class JShellAgent extends RemoteExecutionControl {
    /** As RemoteExecutionControl's main: the port to connect back to JShell is the argument. */
    public static void main(String[] args) throws Exception {
        Socket socket = new Socket((String) null, Integer.parseInt(args[0]));
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
        outputs.put("out", st -> System.setOut(new PrintStream(st, true)));
        outputs.put("err", st -> System.setErr(new PrintStream(st, true)));
        Map<String, Consumer<InputStream>> input = new HashMap<>();
        input.put("in", System::setIn);
        Util.forwardExecutionControlAndIO(new JShellAgent(), in, out, outputs, input);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object result = doitMethod.invoke(null);
        return result instanceof Printed ? result.getClass().getSimpleName() + " (printed above)" : valueString(result);
    }
}

package dev.nsh.lab;

import dev.nsh.Nsh;
import dev.nsh.cli.ScriptRunner;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import groovy.lang.Binding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One accessor convention for the public API (issue 13): named as a record's are, {@code pid()}
 * and {@code nodes()}, {@code isUp()} for a yes or no; no {@code get} prefix. Groovy's property
 * notation reads them all ({@code bg.pid}, {@code lab.nodes}), judged against ip -j and ps.
 */
@NeedsRoot
class AccessorConventionTest {
    private final LabJudge.Made made = new LabJudge.Made();

    @AfterEach
    void removeTheLabs() {
        made.cleanUp();
    }

    @Test
    void noPublicMethodOfNshIsAGetter() throws Exception {
        List<String> getters = new ArrayList<>();
        Path classes = Path.of(Nsh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (!Modifier.isPublic(c.getModifiers())) continue;
                for (Method m : c.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers()) && m.getParameterCount() == 0 && m.getName().matches("get[A-Z].*")
                            && !overridesOthers(c, m)) getters.add(c.getSimpleName() + "." + m.getName());
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of(), getters, "public getters (name them as records do: pid(), nodes())");
    }

    /** A method that a library's interface names (picocli's getVersion, JUnit's scope) keeps its name. */
    private static boolean overridesOthers(Class<?> c, Method m) {
        List<Class<?>> supers = new ArrayList<>(List.of(c.getInterfaces()));
        if (c.getSuperclass() != null) supers.add(c.getSuperclass());
        for (Class<?> s : supers) {
            if (s.getName().startsWith("dev.nsh.")) continue;
            try {
                s.getMethod(m.getName());
                return true;
            } catch (NoSuchMethodException absent) {
                // not this one
            }
        }
        return false;
    }

    @Test
    void groovyReadsAccessorsAsProperties() {
        String name = made.name();
        Binding b = new Binding();
        Object r = ScriptRunner.shell(b).evaluate("l = lab('" + name + "'); l.pair(); h1 = l.h1\n"
                + "bg = h1.spawn(['sleep', '30'] as String[])\n"
                + "def out = [l.name, l.nodes*.name, h1.ip, h1.namespaceName, h1.ns.name, h1.role.toString(),\n"
                + "  h1.ports*.ifname, l.hosts.size(), l.wires.size(), h1.ns.link(h1.ports[0].ifname).up,\n"
                + "  h1.ns.link(h1.ports[0].ifname).name, bg.pid == bg.pid(), bg.alive, bg.command, h1.addrs().json.size() > 0,\n"
                + "  h1.nft().json.contains('nftables'), l.pingAll().droppedPercent]\n"
                + "bg.stop(); out");
        List<?> got = (List<?>) r;
        String ns = name + "-h1";
        List<?> info = (List<?>) Ip.json(ns, "addr", "show", "h1-eth0").get(0).get("addr_info");
        Object ip = info.stream().map(a -> (Map<?, ?>) a).filter(a -> "inet".equals(a.get("family"))).findFirst().orElseThrow().get("local");
        assertEquals(List.of(name, List.of("h1", "h2"), ip, ns, ns, "HOST", List.of("h1-eth0"), 2, 1, true, "h1-eth0", true, true,
                List.of("sleep", "30"), true, true, 0), got, "ip -j addr in " + ns + " says " + ip);
        ScriptRunner.shell(b).evaluate("l.close()");
    }

    /** A property read never acts: {@code link.down} is no property (it would take the link down), {@code link.up} reads isUp(). */
    @Test
    void aPropertyReadDoesNotAct() {
        String name = made.name();
        Binding b = new Binding();
        ScriptRunner.shell(b).evaluate("l = lab('" + name + "'); l.pair(); v = l.h1.ns.link('h1-eth0')");
        String ns = name + "-h1";
        groovy.lang.MissingPropertyException e = assertThrows(groovy.lang.MissingPropertyException.class,
                () -> ScriptRunner.shell(b).evaluate("v.down"));
        assertEquals("down", e.getProperty());
        assertThrows(groovy.lang.MissingPropertyException.class, () -> ScriptRunner.shell(b).evaluate("l.wires[0].down"));
        assertEquals(true, ScriptRunner.shell(b).evaluate("v.up"));
        Object flags = Ip.json(ns, "link", "show", "h1-eth0").get(0).get("flags");
        assertTrue(((List<?>) flags).contains("UP"), "ip -j link in " + ns + ": " + flags);
        ScriptRunner.shell(b).evaluate("l.close()");
    }
}

package dev.nsh.ops;

import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.TestNames;
import dev.nsh.testing.UnprivilegedProbe;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Without CAP_NET_ADMIN the kernel answers EPERM; nsh must say it needs root (KernelErrors), not
 * print a bare errno. A child JVM runs {@link UnprivilegedProbe} under
 * {@code setpriv --bounding-set=-all --inh-caps=-all}: still uid 0 (so it can read the class path),
 * but with no capabilities at all.
 */
@NeedsRoot
class UnprivilegedTest {

    @Test
    void epermSaysNshNeedsRoot() {
        String link = TestNames.iface("none");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String out = Ip.run(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--",
                java, "-cp", cp, UnprivilegedProbe.class.getName(), link)).strip();
        assertEquals("delete link " + link + " in the root namespace: " + dev.nsh.sys.Errno.NEEDS_ROOT, out);
    }

    @Test
    void creatingANamespaceWithoutCapabilitiesSaysNshNeedsRoot() {
        String name = TestNames.ns("noroot");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try {
            String out = Ip.run(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--",
                    java, "-cp", cp, UnprivilegedProbe.class.getName(), "create", name)).strip();
            org.junit.jupiter.api.Assertions.assertTrue(out.startsWith("create namespace " + name + ": "), out);
            org.junit.jupiter.api.Assertions.assertTrue(out.endsWith(dev.nsh.sys.Errno.NEEDS_ROOT), out);
            org.junit.jupiter.api.Assertions.assertFalse(Ip.run("netns", "list").contains(name), "nothing half-made is left");
        } finally {
            if (dev.nsh.ns.Namespaces.exists(name)) Ip.run("netns", "del", name);
        }
    }
}

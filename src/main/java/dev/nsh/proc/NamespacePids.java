package dev.nsh.proc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.Namespaces;
import dev.nsh.ns.Netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which processes are in which namespace, as {@code ip netns pids} and {@code ip netns identify}
 * tell (iproute2 ip/ipnetns.c): two namespace files are the same namespace when their device and
 * inode are (stat follows /proc/PID/ns/net and /run/netns/NAME to the nsfs inode).
 */
public final class NamespacePids {
    private NamespacePids() {}

    /** Every pid whose /proc/PID/ns/net is {@code ns}, ascending. */
    public static List<Long> of(Netns ns) {
        Object id = identity(Path.of("/proc/self/fd/" + ns.fd()));
        if (id == null) throw new NshException("namespace " + ns.name() + ": cannot stat its fd");
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                if (id.equals(identity(p.resolve("ns/net")))) out.add(Long.parseLong(n));
            }
        } catch (IOException e) {
            throw new NshException("list /proc: " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    /** The names of the named namespaces (under /run/netns) that process {@code pid} is in. */
    public static List<String> identify(long pid) {
        if (pid <= 0) throw new InvalidInputException("pid " + pid + " is not a process id; it must be positive");
        Path net = Path.of("/proc/" + pid + "/ns/net");
        Object id = identity(net);
        if (id == null) throw new NshException("process " + pid + " does not exist");
        List<String> out = new ArrayList<>();
        for (String name : Namespaces.list()) {
            if (id.equals(identity(Path.of(Namespaces.RUN_DIR, name)))) out.add(name);
        }
        return out;
    }

    /** "dev:ino" of what {@code p} leads to, null if it is gone or unreadable. */
    private static Object identity(Path p) {
        try {
            return Files.getAttribute(p, "unix:dev") + ":" + Files.getAttribute(p, "unix:ino");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

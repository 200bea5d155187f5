package dev.nsh.proc;

import dev.nsh.error.InvalidInputException;
import dev.nsh.error.NshException;
import dev.nsh.ns.NamespaceIdentity;
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
 * inode are ({@link NamespaceIdentity#sameFile}; stat follows /proc/PID/ns/net and /run/netns/NAME
 * to the nsfs inode).
 */
public final class NamespacePids {
    private NamespacePids() {}

    /** Every pid whose /proc/PID/ns/net is {@code ns}, ascending. */
    public static List<Long> of(Netns ns) {
        NamespaceIdentity id = ns.identity();
        if (id == null) throw new NshException("namespace " + ns.name() + ": cannot stat its fd");
        return in(id);
    }

    /** Every pid whose network namespace is the one of identity {@code id} (device and inode), ascending. */
    public static List<Long> in(NamespaceIdentity id) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                if (id.sameFile(NamespaceIdentity.of(p.resolve("ns/net")))) out.add(Long.parseLong(n));
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
        NamespaceIdentity id = NamespaceIdentity.of(Path.of("/proc/" + pid + "/ns/net"));
        if (id == null) throw new NshException("process " + pid + " does not exist");
        List<String> out = new ArrayList<>();
        for (String name : Namespaces.list()) {
            if (id.sameFile(NamespaceIdentity.ofName(name))) out.add(name);
        }
        return out;
    }
}

package dev.nsh.testing;

import dev.nsh.error.NshException;
import dev.nsh.ns.Namespaces;
import dev.nsh.ops.LinkOps;

/**
 * Run by {@code UnprivilegedTest} in a child JVM without capabilities: asks to delete a link that
 * does not exist in the root namespace (harmless even if the capabilities were not dropped), or
 * with "create" to create a namespace (the test removes it should that succeed), and prints the
 * one-line error nsh gives.
 */
public final class UnprivilegedProbe {
    public static void main(String[] args) {
        try {
            if (args.length > 1 && args[0].equals("create")) Namespaces.create(args[1]);
            else LinkOps.delete(Namespaces.root(), args[0]);
            System.out.println("no error");
        } catch (NshException e) {
            System.out.println(e.getMessage());
        }
    }
}

package dev.nsh;

import dev.nsh.error.NshException;
import dev.nsh.ns.Namespaces;
import dev.nsh.testing.Ip;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import dev.nsh.testing.TestNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 500 generated hostile inputs through the language: namespace and interface names, addresses and
 * CIDRs, MAC addresses, MTUs, sysctl keys. Each is a success or a one-line error (an NshException,
 * never another exception), and a failed one changes nothing: {@code ip -j} of the namespace is
 * the same before and after. The seed is printed with any failure ({@code -Dnsh.test.seed=N}).
 */
@NeedsRoot
@Timeout(300)
class HostileInputTest {
    private static final String[] PIECES = {"", " ", "\t", "\n", "\0", "/", "..", ".", "%", "%d", ":", "@", "-", "_", "ü", "€", "😀",
            "a", "Z", "0", "9", "255", "256", "-1", "0x10", "1e3", "10.0.0.1", "/24", "/33", "::", "fd00::1", "ffff", "::ffff:1.2.3.4",
            "net.", "ipv4.", "conf.", "all.", "forwarding", "../", "kernel.", "02:", "aa", "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01",
            "9999999999", "2147483648", "'", "\"", "$(id)", ";", "|", "*", "?", "[", "]", "{", "}", "\\", "~"};

    private final Scratch scratch = new Scratch();

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    private static String hostile(Random r, int pieces) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(pieces + 1);
        for (int i = 0; i < n; i++) s.append(PIECES[r.nextInt(PIECES.length)]);
        if (r.nextInt(20) == 0) s.append("x".repeat(r.nextInt(300)));
        return s.toString();
    }

    /** What a failed call must leave as it was: each link's name, MTU, MAC and addresses (not its operstate, which the kernel moves on its own). */
    private static String state(String ns) {
        StringBuilder s = new StringBuilder();
        for (var l : Ip.json(ns, "addr", "show")) {
            s.append(l.get("ifname")).append(' ').append(l.get("mtu")).append(' ').append(l.get("address"));
            for (Object a : (List<?>) l.get("addr_info")) {
                var m = (java.util.Map<?, ?>) a;
                s.append(' ').append(m.get("local")).append('/').append(m.get("prefixlen"));
            }
            s.append('\n');
        }
        return s.toString();
    }

    @Test
    void fiveHundredHostileInputsEachSucceedOrFailInOneLineChangingNothing() {
        long seed = Long.getLong("nsh.test.seed", System.nanoTime());
        Random r = new Random(seed);
        String name = scratch.ns("hostile").name();
        Namespace n = Nsh.existing(name);
        Link v = n.veth("h0").peer("h1").up();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String input = hostile(r, 4);
            int kind = i % 6;
            String before = state(name);
            String what = "seed " + seed + ", input " + i + " (kind " + kind + "): \"" + input.replace("\n", "\\n").replace("\0", "\\0") + "\"";
            Supplier<Runnable> undo = () -> () -> {};
            try {
                switch (kind) {
                    case 0 -> { // a namespace name, made unique to this run by a prefix
                        String ns = TestNames.nsPrefix() + "h-" + input;
                        Nsh.ns(ns);
                        scratch.track(ns);
                        Namespaces.delete(ns);
                    }
                    case 1 -> { // an interface name
                        n.veth(input).peer("hp" + i);
                        n.link(input).delete();
                    }
                    case 2 -> { // an address or CIDR, sometimes with a prefix given
                        String cidr = r.nextBoolean() ? input : input + "/" + (r.nextInt(140) - 5);
                        v.addr(cidr);
                        v.delAddr(cidr);
                    }
                    case 3 -> v.mac(input); // a MAC address
                    case 4 -> { // an MTU: a number near the limits, or text
                        int mtu = r.nextBoolean() ? r.nextInt(70000) - 100 : Integer.MIN_VALUE + r.nextInt(3);
                        v.mtu(mtu);
                        v.mtu(1500);
                    }
                    default -> n.sysctl("net." + input); // a sysctl key, read
                }
                outcomes.add("ok");
            } catch (NshException e) {
                String m = e.getMessage();
                assertTrue(m != null && !m.isBlank(), what + ": an empty message");
                assertFalse(m.strip().contains("\n"), what + ": a message of more than one line: " + m);
                assertEquals(before, state(name), what + ": a failure changed the namespace: " + m);
                outcomes.add(e.getClass().getSimpleName());
            } catch (RuntimeException e) {
                throw new AssertionError(what + ": not a named error: " + e, e);
            }
        }
        assertEquals(List.of("h0", "h1"), Ip.linkNames(name).stream().filter(l -> !l.equals("lo")).sorted().toList(),
                "only the links the test made (seed " + seed + ")");
        assertTrue(outcomes.contains("ok") && outcomes.contains("InvalidInputException"), "both kinds of outcome were tried: " + outcomes);
    }
}

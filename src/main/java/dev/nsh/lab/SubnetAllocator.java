package dev.nsh.lab;

import dev.nsh.error.InvalidInputException;
import dev.nsh.model.Cidr;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out IPv4 subnets of a lab from a pool (10.0.0.0/8 unless told), never two that overlap,
 * also with those a user named ({@code link(a, b, subnet: "10.9.0.0/24")}), which are reserved
 * first. A point-to-point link gets a /24, a bridge the smallest block holding its hosts.
 * <pre>
 * SubnetAllocator a = new SubnetAllocator("10.0.0.0/8");
 * a.next(24);   // 10.0.0.0/24, then 10.0.1.0/24 ...
 * </pre>
 */
public final class SubnetAllocator {
    private final long poolStart, poolEnd;
    private final List<long[]> used = new ArrayList<>();
    private long cursor;

    public SubnetAllocator(String pool) {
        Cidr c = parseV4(pool, "subnet pool");
        long size = 1L << (32 - c.prefix());
        this.poolStart = toLong(c.address()) & ~(size - 1);
        this.poolEnd = poolStart + size;
        this.cursor = poolStart;
    }

    /** The next free block of prefix length {@code prefix}, aligned to its size. */
    public synchronized Cidr next(int prefix) {
        if (prefix < 8 || prefix > 30) throw new InvalidInputException("subnet prefix length " + prefix + " is out of range; a lab subnet is /8 to /30");
        long size = 1L << (32 - prefix);
        long at = (cursor + size - 1) & ~(size - 1);
        while (at + size <= poolEnd) {
            long[] clash = overlap(at, size);
            if (clash == null) {
                used.add(new long[] {at, at + size});
                cursor = at + size;
                return new Cidr(toAddress(at), prefix);
            }
            at = (clash[1] + size - 1) & ~(size - 1);
        }
        throw new InvalidInputException("subnet pool " + toAddress(poolStart).getHostAddress() + "/" + (32 - Long.numberOfTrailingZeros(poolEnd - poolStart))
                + " has no free /" + prefix + " left");
    }

    /** The smallest block for {@code hosts} addresses (plus network, broadcast and a spare for a router). */
    public Cidr forHosts(int hosts) {
        int prefix = 30;
        while (prefix > 8 && (1L << (32 - prefix)) < hosts + 3L) prefix--;
        return next(Math.min(prefix, 24));
    }

    /** Frees a block that {@link #next} or {@link #reserve} gave, when what it was for failed its checks. */
    public synchronized void release(Cidr block) {
        long at = toLong(block.address()), size = 1L << (32 - block.prefix());
        used.removeIf(r -> r[0] == at && r[1] == at + size);
    }

    /** Reserves a subnet the user named; overlapping one already in the lab is an error. */
    public synchronized Cidr reserve(String text) {
        Cidr c = check(text);
        long at = toLong(c.address());
        used.add(new long[] {at, at + (1L << (32 - c.prefix()))});
        return c;
    }

    /** The block {@link #reserve} would reserve for {@code text}, without reserving it: an error if it could not. */
    public synchronized Cidr check(String text) {
        Cidr c = parseV4(text, "subnet");
        long size = 1L << (32 - c.prefix());
        long at = toLong(c.address()) & ~(size - 1);
        if (c.prefix() > 30) throw new InvalidInputException("subnet \"" + text + "\" is too small; a lab subnet is /8 to /30");
        long[] clash = overlap(at, size);
        if (clash != null) {
            throw new InvalidInputException("subnet \"" + text + "\" overlaps " + toAddress(clash[0]).getHostAddress() + "/"
                    + (32 - Long.numberOfTrailingZeros(clash[1] - clash[0])) + ", already used in this lab");
        }
        return new Cidr(toAddress(at), c.prefix());
    }

    /**
     * The IPv6 /64 of a dual-stack lab's {@code n}-th subnet: fd00:0:0:N::/64, in the unique local
     * range (RFC 4193) and, as every lab lives in namespaces of its own, without clashes.
     */
    public static Cidr ipv6(int n) {
        if (n < 1 || n > 0xffff) throw new InvalidInputException("a dual-stack lab holds at most 65535 subnets; this would be number " + n);
        return Cidr.parse("fd00:0:0:" + Integer.toHexString(n) + "::/64");
    }

    /** Host number {@code n} (1 = first usable) of {@code subnet}. */
    public static Cidr host(Cidr subnet, int n) {
        long size = 1L << (32 - subnet.prefix());
        if (n < 1 || n >= size - 1) {
            throw new InvalidInputException("subnet " + subnet + " has no host number " + n + "; it holds " + (size - 2) + " hosts");
        }
        return new Cidr(toAddress(toLong(subnet.address()) + n), subnet.prefix());
    }

    /** How many host addresses {@code subnet} holds. */
    public static long capacity(Cidr subnet) {
        return (1L << (32 - subnet.prefix())) - 2;
    }

    /** Whether {@code address} lies in {@code subnet}. */
    public static boolean contains(Cidr subnet, InetAddress address) {
        if (!(address instanceof Inet4Address)) return false;
        long size = 1L << (32 - subnet.prefix());
        long a = toLong(address), s = toLong(subnet.address()) & ~(size - 1);
        return a >= s && a < s + size;
    }

    private long[] overlap(long at, long size) {
        for (long[] u : used) if (at < u[1] && u[0] < at + size) return u;
        return null;
    }

    private static Cidr parseV4(String text, String what) {
        Cidr c = Cidr.parse(text);
        if (!c.isIPv4()) throw new InvalidInputException(what + " \"" + text + "\" is not IPv4; lab subnets are IPv4");
        return c;
    }

    static long toLong(InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    static InetAddress toAddress(long v) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

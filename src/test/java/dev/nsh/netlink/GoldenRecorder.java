package dev.nsh.netlink;

import dev.nsh.model.Cidr;
import dev.nsh.netlink.rtnl.IfAddrMsg;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.netlink.rtnl.IflaInfo;
import dev.nsh.netlink.rtnl.Nda;
import dev.nsh.netlink.rtnl.NdMsg;
import dev.nsh.netlink.rtnl.Rta;
import dev.nsh.netlink.rtnl.RtMsg;
import dev.nsh.ns.Netns;
import dev.nsh.ops.AddrOps;
import dev.nsh.ops.LinkOps;
import dev.nsh.ops.NeighOps;
import dev.nsh.ops.RouteOps;
import dev.nsh.sys.Bytes;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records the kernel replies that {@link GoldenRepliesTest} decodes, into
 * src/test/resources/golden/*.bin. Not part of the suite (its name does not end in Test, and it
 * runs only when asked). Run once, as root, on the machine kind nsh targets (x86_64, so the files
 * are little-endian):
 *
 * <pre>mvn -B -q test -Dtest=GoldenRecorder -Dnsh.recordGolden=true</pre>
 *
 * It builds a known state in a fresh namespace with nsh (a veth pair with a fixed MAC and MTU,
 * IPv4 and IPv6 addresses, a gateway route, a bridge, a veth whose peer is in a second namespace,
 * a permanent neighbour), then talks to the kernel over its own raw netlink socket opened on the
 * namespace's thread, so each file holds one message exactly as the kernel sent it.
 */
@NeedsRoot
@EnabledIfSystemProperty(named = "nsh.recordGolden", matches = "true")
class GoldenRecorder {

    @Test
    void record() throws Exception {
        Path dir = Path.of(System.getProperty("nsh.project.dir", "."), "src/test/resources/golden");
        Files.createDirectories(dir);
        try (Scratch scratch = new Scratch()) {
            Netns ns = scratch.ns("golden");
            LinkOps.createVeth(ns, "veth-g0", null, "veth-g1");
            LinkOps.setMac(ns, "veth-g0", "02:00:00:00:00:01");
            LinkOps.setMac(ns, "veth-g1", "02:00:00:00:00:02");
            LinkOps.setMtu(ns, "veth-g0", 1400);
            LinkOps.setUp(ns, "veth-g0", true);
            LinkOps.setUp(ns, "veth-g1", true);
            AddrOps.add(ns, "veth-g0", Cidr.parse("10.0.0.10/16"));
            RouteOps.add(ns, RouteOps.Spec.of("10.1.0.0/16", "10.0.0.1", "veth-g0", 100));
            LinkOps.createBridge(ns, "br-g0");
            Netns other = scratch.ns("golden-peer");
            LinkOps.createVeth(ns, "veth-x0", other, "veth-x1");
            AddrOps.add(ns, "veth-g0", Cidr.parse("fd00::10/64"));
            NeighOps.add(ns, "veth-g0", "10.0.0.99", "02:00:00:00:00:99");
            InetAddress local = InetAddress.getByName("10.0.0.10"), dst = InetAddress.getByName("10.1.0.0");
            InetAddress local6 = InetAddress.getByName("fd00::10"), neigh = InetAddress.getByName("10.0.0.99");

            ns.onThread(() -> {
                int fd = rawSocket();
                try {
                    write(dir, "newlink-veth.bin", first(exchange(fd, Request.of(Nl.RTM_GETLINK, 0)
                            .header(IfInfoMsg.class).attr(Ifla.IFNAME, "veth-g0"), 0), m -> true));
                    write(dir, "newlink-bridge.bin", first(exchange(fd, Request.of(Nl.RTM_GETLINK, 0)
                            .header(IfInfoMsg.class).attr(Ifla.IFNAME, "br-g0"), 0), m -> true));
                    write(dir, "newaddr-ipv4.bin", first(exchange(fd, Request.of(Nl.RTM_GETADDR, 0)
                            .header(IfAddrMsg.class).set(IfAddrMsg.FAMILY, 2), Nl.NLM_F_DUMP),
                            m -> local.equals(m.attrs(IfAddrMsg.class, Ifa.class).ip(Ifa.LOCAL))));
                    write(dir, "newroute-ipv4-gateway.bin", first(exchange(fd, Request.of(Nl.RTM_GETROUTE, 0)
                            .header(RtMsg.class).set(RtMsg.FAMILY, 2), Nl.NLM_F_DUMP),
                            m -> dst.equals(m.attrs(RtMsg.class, Rta.class).ip(Rta.DST))));
                    write(dir, "newlink-veth-peer-netns.bin", first(exchange(fd, Request.of(Nl.RTM_GETLINK, 0)
                            .header(IfInfoMsg.class).attr(Ifla.IFNAME, "veth-x0"), 0), m -> true));
                    write(dir, "newaddr-ipv6.bin", first(exchange(fd, Request.of(Nl.RTM_GETADDR, 0)
                            .header(IfAddrMsg.class).set(IfAddrMsg.FAMILY, 10), Nl.NLM_F_DUMP),
                            m -> local6.equals(m.attrs(IfAddrMsg.class, Ifa.class).ip(Ifa.ADDRESS))));
                    write(dir, "newneigh-permanent.bin", first(exchange(fd, Request.of(Nl.RTM_GETNEIGH, 0)
                            .header(NdMsg.class).set(NdMsg.FAMILY, 2), Nl.NLM_F_DUMP),
                            m -> neigh.equals(m.attrs(NdMsg.class, Nda.class).ip(Nda.DST))));
                    // A name of 20 bytes: the kernel's policy refuses it with ERANGE and an extended ACK.
                    write(dir, "error-extack-ifname-range.bin", first(exchange(fd, Request.of(Nl.RTM_NEWLINK,
                            Nl.NLM_F_CREATE | Nl.NLM_F_EXCL).header(IfInfoMsg.class).attr(Ifla.IFNAME, "twenty-bytes-name-xx")
                            .begin(Ifla.LINKINFO).attr(IflaInfo.KIND, "veth").end(), Nl.NLM_F_ACK), m -> true));
                    write(dir, "error-extack-unknown-kind.bin", first(exchange(fd, Request.of(Nl.RTM_NEWLINK,
                            Nl.NLM_F_CREATE | Nl.NLM_F_EXCL).header(IfInfoMsg.class).attr(Ifla.IFNAME, "g-unknown")
                            .begin(Ifla.LINKINFO).attr(IflaInfo.KIND, "no-such-kind").end(), Nl.NLM_F_ACK), m -> true));
                } finally {
                    Sys.closeQuietly(fd);
                }
                return null;
            });
        }
    }

    /** A NETLINK_ROUTE socket with extended ACKs, opened on the calling (namespace) thread. */
    private static int rawSocket() throws Exception {
        int fd = Sys.socket(Sys.AF_NETLINK, Sys.SOCK_RAW | Sys.SOCK_CLOEXEC, Nl.NETLINK_ROUTE, "netlink");
        Sys.setsockopt(fd, Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
        Sys.setsockopt(fd, Nl.SOL_NETLINK, Nl.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
        byte[] sa = new byte[12];
        Bytes.wrap(sa).putShort((short) Sys.AF_NETLINK);
        LibC.bind(fd, sa, sa.length);
        return fd;
    }

    /** Sends one request and returns every reply message's raw bytes, up to DONE, ERROR or a lone reply. */
    private static List<byte[]> exchange(int fd, Request req, int flags) {
        byte[] msg = req.bytes(1, Nl.NLM_F_REQUEST | flags);
        LibC.send(fd, msg, msg.length, 0);
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[1 << 20];
        while (true) {
            int n = (int) LibC.recv(fd, buf, buf.length, 0);
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n).order(ByteOrder.nativeOrder());
            for (int p = 0; p + Nl.HDRLEN <= n; ) {
                int len = b.getInt(p), type = b.getShort(p + 4), fl = b.getShort(p + 6);
                out.add(Arrays.copyOfRange(buf, p, p + len));
                if (type == Nl.NLMSG_DONE || type == Nl.NLMSG_ERROR || (fl & Nl.NLM_F_MULTI) == 0) return out;
                p += Nl.align(len);
            }
        }
    }

    private static byte[] first(List<byte[]> raw, Predicate<Message> which) {
        for (byte[] r : raw) {
            Message m = Message.parseAll(r, r.length).get(0);
            if (which.test(m)) return r;
        }
        throw new AssertionError("no reply matched");
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }
}

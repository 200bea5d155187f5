package dev.nsh.packet.ping;

import dev.nsh.packet.*;

import com.sun.jna.LastErrorException;
import dev.nsh.ns.Netns;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The source address the kernel would choose for a target, found as iputils ping finds it: a UDP
 * socket of the namespace connected to the target (no packet is sent) and read back with
 * getsockname. A target with no route fails here, before anything is printed.
 */
final class SourceProbe {
    private static final int PROBE_PORT = 1025;

    private SourceProbe() {}

    static InetAddress find(Netns ns, String targetText, InetAddress target, int scopeId, String device, boolean broadcast) {
        boolean v6 = target instanceof Inet6Address;
        int fd = ns.socket(v6 ? Sys.AF_INET6 : Sys.AF_INET, Sys.SOCK_DGRAM | Sys.SOCK_CLOEXEC, 0, "UDP probe " + ns.where());
        try {
            if (device != null) {
                Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_BINDTODEVICE, (device + "\0").getBytes(StandardCharsets.UTF_8),
                        "SO_BINDTODEVICE " + device + " on a UDP probe " + ns.where());
            }
            if (broadcast) Sys.setsockopt(fd, Sys.SOL_SOCKET, Sys.SO_BROADCAST, 1, "SO_BROADCAST on a UDP probe " + ns.where());
            byte[] to = SockAddr.inet(target, scopeId);
            to[2] = (byte) (PROBE_PORT >> 8);
            to[3] = (byte) PROBE_PORT;
            LibC.connect(fd, to, to.length);
            byte[] name = new byte[28];
            int[] len = {name.length};
            LibC.getsockname(fd, name, len);
            return SockAddr.decode(name, len[0]);
        } catch (LastErrorException e) {
            throw IcmpSocket.failure(targetText, ns, "connect", e.getErrorCode());
        } finally {
            Sys.closeQuietly(fd);
        }
    }
}

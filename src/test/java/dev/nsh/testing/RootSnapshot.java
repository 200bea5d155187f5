package dev.nsh.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes a picture of the root namespace when the test session opens (registered in
 * META-INF/services), for {@code RootUnchangedTest}, which runs last, to compare with. Only what
 * stays put by itself is kept: names, flags, MTU, MAC and master of links; addresses without
 * lifetimes; routes without expiry; ip_forward. Counters and timers are left out.
 */
public final class RootSnapshot implements LauncherSessionListener {
    private static volatile State atOpen;
    private static volatile String failure;

    /** The root namespace's state in comparable lines. */
    public record State(List<String> links, List<String> addrs, List<String> routes, String ipForward) {}

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            atOpen = take();
        } catch (RuntimeException | AssertionError e) {
            failure = String.valueOf(e);
        }
    }

    /** The picture taken at session open; fails if none could be taken. */
    public static State atOpen() {
        if (atOpen == null) throw new AssertionError("no root snapshot was taken at session open: "
                + (failure != null ? failure : "RootSnapshot is not registered as a LauncherSessionListener"));
        return atOpen;
    }

    @SuppressWarnings("unchecked")
    public static State take() {
        List<String> links = new ArrayList<>();
        for (Map<String, Object> l : Ip.json(null, "link", "show")) {
            links.add(l.get("ifname") + " flags=" + l.get("flags") + " mtu=" + l.get("mtu") + " address=" + l.get("address")
                    + " master=" + l.get("master"));
        }
        List<String> addrs = new ArrayList<>();
        for (Map<String, Object> l : Ip.json(null, "addr", "show")) {
            for (Map<String, Object> a : (List<Map<String, Object>>) l.getOrDefault("addr_info", List.of())) {
                addrs.add(l.get("ifname") + " " + a.get("family") + " " + a.get("local") + "/" + a.get("prefixlen")
                        + " brd=" + a.get("broadcast") + " scope=" + a.get("scope"));
            }
        }
        List<String> routes = new ArrayList<>();
        for (String family : List.of("-4", "-6")) {
            for (Map<String, Object> r : Ip.json(null, family, "route", "show")) {
                routes.add(family + " " + r.get("type") + " " + r.get("dst") + " via=" + r.get("gateway") + " dev=" + r.get("dev")
                        + " proto=" + r.get("protocol") + " scope=" + r.get("scope") + " src=" + r.get("prefsrc")
                        + " metric=" + r.get("metric"));
            }
        }
        String fwd;
        try {
            fwd = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        } catch (IOException e) {
            throw new AssertionError("read ip_forward", e);
        }
        links.sort(null);
        addrs.sort(null);
        routes.sort(null);
        return new State(links, addrs, routes, fwd);
    }
}

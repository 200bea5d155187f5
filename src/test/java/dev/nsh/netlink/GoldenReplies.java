package dev.nsh.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The recorded kernel replies of src/test/resources/golden, as bytes (for tests that mutate them). */
public final class GoldenReplies {
    private GoldenReplies() {}

    static final List<String> FILES = List.of("error-extack-ifname-range.bin", "error-extack-unknown-kind.bin", "newaddr-ipv4.bin",
            "newaddr-ipv6.bin", "newlink-bridge.bin", "newlink-veth-peer-netns.bin", "newlink-veth.bin", "newneigh-permanent.bin",
            "newroute-ipv4-gateway.bin");

    public static List<byte[]> all() {
        List<byte[]> out = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = GoldenReplies.class.getResourceAsStream("/golden/" + f)) {
                if (in == null) throw new AssertionError("no golden file " + f);
                out.add(in.readAllBytes());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}

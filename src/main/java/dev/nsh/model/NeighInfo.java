package dev.nsh.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A neighbour (ARP or NDP) entry (one RTM_NEWNEIGH), in the terms of {@code ip neigh}. */
public record NeighInfo(String namespace, InetAddress address, String lladdr, int state, int index, String dev) {

    private static final String[] STATE_NAMES = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED",
            "NOARP", "PERMANENT"};

    public boolean isIPv4() {
        return address instanceof Inet4Address;
    }

    /** State names as ip prints them ("REACHABLE", "STALE", "PERMANENT" ...). */
    public List<String> states() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < STATE_NAMES.length; i++) if ((state & (1 << i)) != 0) out.add(STATE_NAMES[i]);
        if (out.isEmpty()) out.add("NONE");
        return out;
    }

    /** The entry as {@code ip -j neigh} keys it. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("dst", Addresses.text(address));
        if (dev != null) m.put("dev", dev);
        if (lladdr != null) m.put("lladdr", lladdr);
        m.put("state", states());
        return m;
    }

    /** One line in the form of {@code ip neigh}: "10.0.0.20 dev veth-1 lladdr 06:22:d8:20:50:0b REACHABLE". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(Addresses.text(address));
        if (dev != null) s.append(" dev ").append(dev);
        if (lladdr != null) s.append(" lladdr ").append(lladdr);
        s.append(' ').append(String.join(",", states()));
        return s.toString();
    }
}

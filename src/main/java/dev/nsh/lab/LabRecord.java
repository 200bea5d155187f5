package dev.nsh.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object a lab makes, as its state file records it ({@link LabState}): written before the
 * object is made, completed by facts learnt afterwards (a namespace's identity, a process's pid).
 * The JSON keys are the record components' names, with {@code kind} telling the record apart.
 */
sealed interface LabRecord {
    /** The JSON {@code kind} of this record. */
    String kind();

    /** The record as a JSON object, {@code kind} first; null components are left out. */
    Map<String, Object> fields();

    /**
     * A namespace, one per node. {@code claim}: the identity of the empty file that claimed the
     * name, once made; {@code identity}: the namespace's, once made and before the name is bound
     * to it ({@link dev.nsh.ns.NamespaceIdentity#text()}).
     */
    record Netns(String name, String node, String role, String claim, String identity) implements LabRecord {
        public String kind() {
            return "netns";
        }

        public Map<String, Object> fields() {
            return json("kind", kind(), "name", name, "node", node, "role", role, "claim", claim, "identity", identity);
        }
    }

    /** A veth: {@code name} in {@code ns}, its peer {@code peer} in {@code peerNs}; or a bridge ({@code type}). */
    record Link(String ns, String name, String type, String peerNs, String peer, String addr, String peerAddr) implements LabRecord {
        public String kind() {
            return "link";
        }

        public Map<String, Object> fields() {
            return json("kind", kind(), "ns", ns, "name", name, "type", type, "peerNs", peerNs, "peer", peer, "addr", addr,
                    "peerAddr", peerAddr);
        }

        /** A veth whose other end is in the host's namespace (a topology's host:IFNAME). */
        boolean toHost() {
            return "veth".equals(type) && peerNs == null;
        }
    }

    /** A static route in {@code ns}. */
    record Route(String ns, String dst, String via) implements LabRecord {
        public String kind() {
            return "route";
        }

        public Map<String, Object> fields() {
            return json("kind", kind(), "ns", ns, "dst", dst, "via", via);
        }
    }

    /** A background program in {@code ns}; {@code pid} and {@code start} (its start time) once it runs. */
    record Process(String ns, List<String> command, Long pid, String start) implements LabRecord {
        public String kind() {
            return "process";
        }

        public Map<String, Object> fields() {
            return json("kind", kind(), "ns", ns, "command", command, "pid", pid, "start", start);
        }
    }

    /** The record a state file's merged lines describe, or null for a kind this nsh does not know. */
    @SuppressWarnings("unchecked")
    static LabRecord from(Map<String, Object> m) {
        Object kind = m.get("kind");
        if ("netns".equals(kind)) return new Netns(str(m, "name"), str(m, "node"), str(m, "role"), str(m, "claim"), str(m, "identity"));
        if ("link".equals(kind)) {
            return new Link(str(m, "ns"), str(m, "name"), str(m, "type"), str(m, "peerNs"), str(m, "peer"), str(m, "addr"), str(m, "peerAddr"));
        }
        if ("route".equals(kind)) return new Route(str(m, "ns"), str(m, "dst"), str(m, "via"));
        if ("process".equals(kind)) {
            List<String> command = new ArrayList<>();
            if (m.get("command") instanceof List<?> l) for (Object o : l) command.add(String.valueOf(o));
            Long pid = m.get("pid") instanceof Number n ? n.longValue() : null;
            return new Process(str(m, "ns"), command, pid, str(m, "start"));
        }
        return null;
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static Map<String, Object> json(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}

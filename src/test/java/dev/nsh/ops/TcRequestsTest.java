package dev.nsh.ops;

import dev.nsh.model.LinkConditions;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.Nl;
import dev.nsh.netlink.Request;
import dev.nsh.netlink.rtnl.Tca;
import dev.nsh.netlink.rtnl.TcMsg;
import dev.nsh.ns.Netns;
import dev.nsh.testing.NeedsRoot;
import dev.nsh.testing.Scratch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The netem request nsh sends, field by field and attribute by attribute against the one
 * {@code tc qdisc add dev X root netem ...} sends, as {@code strace -e sendmsg -xx} shows it
 * (captured whether or not this kernel has sch_netem); and nsh reads tc's options back to the
 * conditions it was given.
 */
@NeedsRoot
class TcRequestsTest {
    private static final Pattern TCMSG = Pattern.compile("nlmsg_type=RTM_NEWQDISC, nlmsg_flags=([A-Z_|]+).*?tcm_handle=(\\d+), tcm_parent=(\\d+), tcm_info=(\\d+)");
    private static final Pattern ATTR = Pattern.compile("nla_type=(TCA_[A-Z]+)\\}, \"((?:\\\\x[0-9a-f]{2})*)\"");
    private final Scratch scratch = new Scratch();
    private Netns ns;

    @BeforeEach
    void veth() {
        ns = scratch.ns("tcreq");
        LinkOps.createVeth(ns, "va", null, "vb");
    }

    @AfterEach
    void cleanUp() {
        scratch.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"delay 20ms", "delay 20ms 5ms", "delay 1.5s 3ms loss 50% reorder 10%", "loss 2%", "loss 0.1%",
            "duplicate 1%", "corrupt 0.1%", "delay 10ms reorder 25%", "rate 10mbit", "rate 40gbit", "limit 5000 delay 1ms",
            "delay 20ms 5ms loss 2% duplicate 1% corrupt 0.1% reorder 25% rate 10mbit limit 1000", "rate 1500kbit loss 100%",
            "delay 20ms 5ms 25%", "loss 2% 25%", "delay 10ms reorder 25% 50%", "corrupt 0.1% 10%", "loss random 3%",
            "delay 100ms 20ms distribution normal", "delay 100ms 20ms distribution pareto", "delay 1s 300ms distribution paretonormal",
            // duplicate's correlation with another: tc 6.1 sends TCA_NETEM_CORR only then (alone, it drops it; nsh does not)
            "delay 100ms 20ms 10% distribution paretonormal loss 1% 30% duplicate 2% 40% corrupt 1% 5% reorder 5% 60% rate 100mbit",
            "loss state 10% 50% 20% 30% 1%", "loss state 1%", "loss state 2% 40%", "loss gemodel 5% 50% 70% 0.1%", "loss gemodel 1%",
            "loss gemodel 3% 20% 80%", "delay 10ms 1ms loss gemodel 2% 20% corrupt 1% rate 10mbit", "loss 5% ecn",
            "delay 5ms reorder 10% ecn loss state 2% corrupt 1%", "slot 800us 1ms packets 32 bytes 64k", "slot 2ms",
            "slot distribution pareto 1ms 200us packets 8", "delay 5ms 1ms distribution normal slot distribution normal 2ms 500us bytes 1500",
            "slot 1ms 5ms bytes 12kbit rate 10mbit"})
    void netemRequestIsTcs(String tcArgs) throws Exception {
        String trace = straceTc(tcArgs);
        Matcher h = TCMSG.matcher(trace);
        assertTrue(h.find(), "no RTM_NEWQDISC in strace's output:\n" + trace);
        Map<String, byte[]> tcAttrs = new LinkedHashMap<>();
        for (Matcher a = ATTR.matcher(trace.substring(h.end())); a.find(); ) tcAttrs.put(a.group(1), unhex(a.group(2)));

        LinkConditions c = LinkConditions.parse("netem", options(tcArgs), List.of());
        int ifindex = LinkOps.index(ns, "va");
        byte[] mine = TcOps.netemRequest(ifindex, c, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, 0).bytes(1, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK);
        Message m = Message.parseAll(mine, mine.length).get(0);
        assertEquals(h.group(1), "NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE");
        assertEquals(Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_EXCL | Nl.NLM_F_CREATE, m.flags);
        assertEquals(Long.parseLong(h.group(2)), m.get(TcMsg.HANDLE), "tcm_handle");
        assertEquals(Long.parseLong(h.group(3)), m.get(TcMsg.PARENT), "tcm_parent");
        assertEquals(Long.parseLong(h.group(4)), m.get(TcMsg.INFO), "tcm_info");
        Attrs a = m.attrs(TcMsg.class, Tca.class);
        assertEquals(List.of("TCA_KIND", "TCA_OPTIONS"), new ArrayList<>(tcAttrs.keySet()), "tc's attributes");
        assertEquals("netem", new String(tcAttrs.get("TCA_KIND"), 0, 5), "TCA_KIND");
        assertEquals(HexFormat.of().formatHex(tcAttrs.get("TCA_OPTIONS")), HexFormat.of().formatHex(a.bytes(Tca.OPTIONS)),
                "TCA_OPTIONS (tc_netem_qopt and TCA_NETEM_*) of " + tcArgs);
        // nsh reads tc's bytes back to what it was asked for
        LinkConditions back = TcOps.decodeNetem(tcAttrs.get("TCA_OPTIONS"));
        assertEquals(c.toString(), back.toString(), "tc's options read back");
    }

    private static final java.util.Set<String> KEYS = java.util.Set.of("delay", "loss", "duplicate", "corrupt", "reorder", "rate", "limit",
            "distribution", "ecn", "slot");

    /** "delay 20ms 5ms 25% loss 2% distribution normal" as link.netem's options: {@code delay: "20ms 5ms 25%", loss: "2%", distribution: "normal"}. */
    static Map<String, Object> options(String tcArgs) {
        List<String> w = Arrays.asList(tcArgs.split(" "));
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            if (k.equals("ecn")) {
                o.put(k, true);
                continue;
            }
            StringBuilder v = new StringBuilder(w.get(++i));
            while (i + 1 < w.size() && (Character.isDigit(w.get(i + 1).charAt(0)) || k.equals("slot") && !KEYS.contains(w.get(i + 1)))) {
                v.append(' ').append(w.get(++i));
            }
            o.put(k, v.toString());
        }
        return o;
    }

    private String straceTc(String tcArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "strace", "-f", "-e", "trace=sendmsg", "-xx", "-s", "65536",
                "tc", "qdisc", "add", "dev", "va", "root", "netem"));
        cmd.addAll(List.of(tcArgs.split(" ")));
        java.io.File out = java.io.File.createTempFile("nsh-strace", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("strace tc timed out");
            }
            String s = Files.readString(out.toPath());
            if (s.contains("exited with 0")) TcOps.deleteRoot(ns, LinkOps.index(ns, "va"), "va"); // a kernel with netem took it
            return s;
        } finally {
            out.delete();
        }
    }

    private static byte[] unhex(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i + 4 <= s.length(); i += 4) b.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
        return b.toByteArray();
    }
}

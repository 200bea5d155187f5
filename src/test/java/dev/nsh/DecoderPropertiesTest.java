package dev.nsh;

import dev.nsh.error.NshException;
import dev.nsh.netlink.Attrs;
import dev.nsh.netlink.GoldenReplies;
import dev.nsh.netlink.Message;
import dev.nsh.netlink.rtnl.IfAddrMsg;
import dev.nsh.netlink.rtnl.IfInfoMsg;
import dev.nsh.netlink.rtnl.Ifa;
import dev.nsh.netlink.rtnl.Ifla;
import dev.nsh.netlink.rtnl.NdMsg;
import dev.nsh.netlink.rtnl.Nda;
import dev.nsh.netlink.rtnl.Rta;
import dev.nsh.netlink.rtnl.RtMsg;
import dev.nsh.packet.capture.PacketPrinting;
import dev.nsh.packet.capture.PcapReader;
import dev.nsh.packet.filter.Filter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every decoder on random and mutated input ends in a result or a named exception (NshException
 * and its kinds), never another exception and never a hang: netlink messages and their attributes
 * (mutations of the golden kernel replies), pcap files, the packet printer, the filter compiler.
 * jqwik prints the seed of a failing run; {@code -Djqwik.seeds.whenfixed} and the report replay it.
 */
@Timeout(120)
class DecoderPropertiesTest {

    /** Byte arrays: random, and the golden replies with a few bytes changed, cut or repeated. */
    @Provide
    Arbitrary<byte[]> netlinkBytes() {
        List<byte[]> golden = GoldenReplies.all();
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<byte[]> mutated = Arbitraries.of(golden).flatMap(g -> Arbitraries.integers().between(1, 8).flatMap(k ->
                Arbitraries.integers().between(0, Math.max(0, g.length - 1)).list().ofSize(k).flatMap(at ->
                        Arbitraries.bytes().list().ofSize(k).flatMap(v -> Arbitraries.integers().between(0, g.length).map(cut -> {
                            byte[] b = java.util.Arrays.copyOf(g, cut == 0 ? g.length : cut);
                            for (int i = 0; i < k; i++) if (at.get(i) < b.length) b[at.get(i)] = v.get(i);
                            return b;
                        })))));
        // One well-formed nlmsghdr and ifinfomsg, then attributes of random types and lengths.
        Arbitrary<byte[]> attr = Arbitraries.integers().between(0, 70).flatMap(type -> Arbitraries.integers().between(0, 12).flatMap(len ->
                Arbitraries.bytes().array(byte[].class).ofSize(len).map(v -> {
                    ByteBuffer b = ByteBuffer.allocate((4 + len + 3) & ~3).order(ByteOrder.nativeOrder());
                    b.putShort((short) (4 + len)).putShort((short) (type | (type % 5 == 0 ? 0x8000 : 0))).put(v);
                    return b.array();
                })));
        Arbitrary<byte[]> attributes = attr.list().ofMaxSize(12).map(list -> {
            int n = 32;
            for (byte[] a : list) n += a.length;
            ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
            b.putInt(n).putShort((short) 16).putShort((short) 0).putInt(1).putInt(1).put(new byte[16]);
            for (byte[] a : list) b.put(a);
            return b.array();
        });
        return Arbitraries.oneOf(random, mutated, attributes);
    }

    @Property(tries = 5000)
    void netlinkMessagesDecodeOrFailByName(@ForAll("netlinkBytes") byte[] bytes) {
        named(() -> {
            for (Message m : Message.parseAll(bytes, bytes.length)) {
                Attrs link = m.attrs(IfInfoMsg.class, Ifla.class);
                link.toMap();
                Attrs info = link.nested(Ifla.LINKINFO);
                if (info != null) info.toMap();
                m.attrs(IfAddrMsg.class, Ifa.class).toMap();
                m.attrs(RtMsg.class, Rta.class).toMap();
                m.attrs(NdMsg.class, Nda.class).toMap();
                for (IfInfoMsg f : IfInfoMsg.values()) m.get(f);
                for (RtMsg f : RtMsg.values()) m.get(f);
            }
        });
    }

    @Property(tries = 2000)
    void framesAlwaysGetALine(@ForAll @Size(max = 200) byte[] frame, @ForAll int wireLength) {
        named(() -> PacketPrinting.line(frame, wireLength));
    }

    @Provide
    Arbitrary<byte[]> pcapBytes() {
        Arbitrary<byte[]> records = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        return records.flatMap(body -> Arbitraries.integers().between(0, 3).map(mode -> {
            ByteBuffer b = ByteBuffer.allocate(24 + body.length).order(ByteOrder.LITTLE_ENDIAN);
            int magic = mode == 0 ? 0xa1b2c3d4 : mode == 1 ? 0xa1b23c4d : mode == 2 ? 0xd4c3b2a1 : 0x12345678;
            b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).put(body);
            return b.array();
        }));
    }

    @Property(tries = 1000)
    void pcapFilesReadOrFailByName(@ForAll("pcapBytes") byte[] file) throws Exception {
        Path p = Files.createTempFile("nsh-prop", ".pcap");
        try {
            Files.write(p, file);
            named(() -> PcapReader.read(p));
        } finally {
            Files.delete(p);
        }
    }

    @Provide
    Arbitrary<String> filters() {
        Arbitrary<String> words = Arbitraries.of("icmp", "icmp6", "arp", "ip", "ip6", "tcp", "udp", "host", "src", "dst", "net",
                "port", "and", "or", "not", "(", ")", "10.0.0.1", "10.0.0.0/8", "fd00::1", "65536", "80", "-1", "&&", "||", "!", "\"");
        Arbitrary<String> phrase = words.list().ofMaxSize(12).map(l -> String.join(" ", l));
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(40);
        return Arbitraries.oneOf(phrase, noise);
    }

    @Property(tries = 3000)
    void filtersCompileOrFailByName(@ForAll("filters") String source) {
        named(() -> Filter.compile(source));
    }

    private static void named(ThrowingRunnable r) {
        try {
            r.run();
        } catch (NshException expected) {
            // a named refusal is an answer
        } catch (Exception e) {
            throw new AssertionError("not a named exception: " + e, e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}

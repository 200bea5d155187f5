package dev.nsh.packet.filter;

import com.sun.jna.Memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A classic BPF program: what {@code SO_ATTACH_FILTER} takes and what {@code tcpdump -dd} prints.
 * {@link #matches} runs it as the kernel would, so tests can judge a filter without a socket.
 */
public record BpfProgram(List<BpfInstruction> instructions) {
    public BpfProgram {
        instructions = List.copyOf(instructions);
    }

    /** The {@code struct sock_filter} array in native byte order (8 bytes an instruction). */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(instructions.size() * 8).order(ByteOrder.nativeOrder());
        for (BpfInstruction i : instructions) {
            b.putShort((short) i.code()).put((byte) i.jt()).put((byte) i.jf()).putInt(i.k());
        }
        return b.array();
    }

    /**
     * A {@code struct sock_fprog { unsigned short len; struct sock_filter *filter; }} (16 bytes on
     * 64-bit) with its instruction array; both must stay reachable until setsockopt returns.
     */
    public Memory[] sockFprog() {
        byte[] code = bytes();
        Memory filter = new Memory(code.length);
        filter.write(0, code, 0, code.length);
        Memory fprog = new Memory(16);
        fprog.clear();
        fprog.setShort(0, (short) instructions.size());
        fprog.setPointer(8, filter);
        return new Memory[] {fprog, filter};
    }

    /** The snap length the program returns for {@code packet} (0: rejected), as the kernel runs it. */
    public int run(byte[] packet) {
        return BpfMachine.run(this, packet);
    }

    public boolean matches(byte[] packet) {
        return run(packet) != 0;
    }

    /** The program as {@code tcpdump -d} lists it. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < instructions.size(); i++) {
            s.append(String.format("(%03d) %s%n", i, instructions.get(i)));
        }
        return s.toString();
    }

    /** The program as {@code tcpdump -dd} prints it: one C initialiser a line. */
    public String toC() {
        return instructions.stream()
                .map(i -> String.format("{ 0x%x, %d, %d, 0x%08x },", i.code(), i.jt(), i.jf(), i.k()))
                .collect(Collectors.joining("\n"));
    }
}

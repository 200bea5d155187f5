package dev.nsh.packet.capture;

/**
 * tcpdump's closing figures: packets it handled, packets the kernel's filter accepted
 * (PACKET_STATISTICS tp_packets) and packets dropped for want of buffer space (tp_drops).
 */
public record CaptureStats(long captured, long receivedByFilter, long droppedByKernel) implements dev.nsh.model.Printed {
    /** The three lines tcpdump prints, with its singular "1 packet". */
    @Override
    public String toString() {
        return line(captured, "captured") + "\n" + line(receivedByFilter, "received by filter") + "\n"
                + line(droppedByKernel, "dropped by kernel") + "\n";
    }

    private static String line(long n, String what) {
        return n + (n == 1 ? " packet " : " packets ") + what;
    }
}

package dev.nsh.packet.capture;

/** The packet printer's one-line form, for tests outside this package. */
public final class PacketPrinting {
    private PacketPrinting() {}

    public static String line(byte[] frame, int wireLength) {
        return new PacketText().line(frame, wireLength);
    }
}

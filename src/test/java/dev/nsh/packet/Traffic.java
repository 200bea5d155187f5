package dev.nsh.packet;

import dev.nsh.ns.Netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * UDP and TCP traffic between namespaces for capture tests. Channels are opened on the
 * namespace's thread (so their sockets belong there) and used from the test's thread.
 */
public final class Traffic {
    private Traffic() {}

    /** Sends {@code n} datagrams from {@code from} to {@code to}:{@code port}. */
    public static void udp(Netns from, String to, int port, int n) {
        try (DatagramChannel ch = from.onThread(DatagramChannel::open)) {
            for (int i = 0; i < n; i++) ch.send(ByteBuffer.wrap(("datagram " + i).getBytes(StandardCharsets.UTF_8)), new InetSocketAddress(to, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One datagram of {@code size} bytes: above the MTU, so IPv4 and IPv6 fragment it. */
    public static void udpLarge(Netns from, String to, int port, int size) {
        try (DatagramChannel ch = from.onThread(DatagramChannel::open)) {
            ch.send(ByteBuffer.allocate(size), new InetSocketAddress(to, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UDP socket bound in {@code ns}, so datagrams to it draw no ICMP port unreachable. */
    public static DatagramChannel udpReceiver(Netns ns, String address, int port) {
        DatagramChannel ch = ns.onThread(DatagramChannel::open);
        try {
            ch.bind(new InetSocketAddress(address, port));
            return ch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One TCP connection from {@code client} to a listener in {@code server}: the server says hello, both close. */
    public static void tcp(Netns client, Netns server, String address, int port) {
        try (ServerSocketChannel listener = server.onThread(ServerSocketChannel::open)) {
            listener.bind(new InetSocketAddress(address, port));
            try (SocketChannel c = client.onThread(SocketChannel::open)) {
                c.connect(new InetSocketAddress(address, port));
                try (SocketChannel accepted = listener.accept()) {
                    accepted.write(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.UTF_8)));
                    ByteBuffer in = ByteBuffer.allocate(16);
                    while (in.position() < 6 && c.read(in) >= 0) { }
                    c.write(ByteBuffer.wrap("bye\n".getBytes(StandardCharsets.UTF_8)));
                    in.clear();
                    while (in.position() < 4 && accepted.read(in) >= 0) { }
                }
                ByteBuffer rest = ByteBuffer.allocate(16);
                while (c.read(rest) >= 0) rest.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.nsh.packet.ping;

/** An ICMP error about one of the echo requests, as ping prints it ("Destination Host Unreachable"). */
public record PingError(int seq, String from, String message) {}

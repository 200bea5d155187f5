package dev.nsh.packet.ping;

import java.util.List;

/**
 * What a ping run saw: the counts and round-trip figures of its summary (milliseconds, as ping
 * prints them, rounded down to microseconds), every reply and error, and whether it was
 * interrupted. {@link #toString()} is the summary exactly as printed.
 */
public record PingResult(String target, long transmitted, long received, long duplicates, long errors,
                         double lossPercent, double min, double avg, double max, double mdev, long timeMillis,
                         int pipe, List<PingReply> replies, List<PingError> icmpErrors, boolean interrupted,
                         String summary) implements dev.nsh.model.Printed {
    public PingResult {
        replies = List.copyOf(replies);
        icmpErrors = List.copyOf(icmpErrors);
    }

    /** True if every request was answered. */
    public boolean ok() {
        return transmitted > 0 && received == transmitted;
    }

    @Override
    public String toString() {
        return summary;
    }
}

package dev.nsh;

import dev.nsh.packet.capture.Capture;
import dev.nsh.packet.capture.CaptureOptions;

/**
 * A capture not yet running: {@code ns("ns-2").capture("veth-2", filter: "icmp")}. {@link #start()}
 * runs it in the background while the script goes on (stop it with {@code stop()}); {@link #run()}
 * captures until its count or timeout (or Ctrl-C) and returns the finished capture. With
 * {@code quiet: true} nothing is printed: the packets are data ({@code packets()}).
 */
public final class CaptureRequest {
    private final Namespace ns;
    private final String dev;
    private final CaptureOptions options;
    private final java.io.PrintStream out;

    CaptureRequest(Namespace ns, String dev, CaptureOptions options, boolean quiet) {
        this.ns = ns;
        this.dev = dev;
        this.options = options;
        this.out = quiet ? null : System.out;
    }

    /** Starts capturing in the background; packets print as they come. */
    public Capture start() {
        return Capture.start(ns.netns(), dev, options, out); // the namespace as it is now, not when asked for
    }

    /** Captures until the count or timeout is reached, then prints tcpdump's summary. */
    public Capture run() {
        return Capture.run(ns.netns(), dev, options, out);
    }

    @Override
    public String toString() {
        return "capture on " + dev + " in " + ns.name() + (options.filter().isBlank() ? "" : " (filter \"" + options.filter() + "\")")
                + ": .start() to run it in the background, .run() to wait for it";
    }
}

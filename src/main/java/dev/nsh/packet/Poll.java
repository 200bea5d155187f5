package dev.nsh.packet;

import com.sun.jna.LastErrorException;
import dev.nsh.sys.Bytes;
import dev.nsh.sys.Errno;
import dev.nsh.sys.LibC;
import dev.nsh.sys.Sys;


import java.nio.ByteBuffer;

/**
 * poll(2) on one fd. Readers wait in short slices through this, so a Java interrupt (which
 * cannot break a native call) is noticed within one slice.
 */
public final class Poll {
    /** The longest a reader blocks in native code before looking at its interrupt flag. */
    public static final int SLICE_MILLIS = 50;

    private Poll() {}

    /** True if {@code fd} is readable within {@code millis} (capped at {@link #SLICE_MILLIS}). */
    public static boolean readable(int fd, long millis, String what) {
        byte[] pfd = new byte[8];
        ByteBuffer b = Bytes.wrap(pfd);
        b.putInt(0, fd).putShort(4, Sys.POLLIN);
        try {
            int n = LibC.poll(pfd, 1, (int) Math.max(0, Math.min(millis, SLICE_MILLIS)));
            return n > 0 && b.getShort(6) != 0;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EINTR) return false;
            throw Errno.fail("poll " + what, e.getErrorCode());
        }
    }
}

package io.eventhubsnative.local.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Buffer plumbing the layers share. Buffers are kept in write mode (filled up to their position). */
final class Buffers {

    private Buffers() {}

    /** Writes what {@code out} holds to {@code below}; whether all of it went. */
    static boolean drainTo(ByteBuffer out, Wire below) throws IOException {
        if (out.position() > 0) {
            out.flip();
            try {
                while (out.hasRemaining() && below.write(out) > 0) {
                    // keep writing while the layer below takes bytes
                }
            } finally {
                out.compact();
            }
        }
        return out.position() == 0 && below.flush();
    }

    /** Moves as much of {@code from} (write mode) into {@code to} as fits; the count moved. */
    static int moveTo(ByteBuffer from, ByteBuffer to) {
        from.flip();
        int n = Math.min(from.remaining(), to.remaining());
        ByteBuffer slice = from.slice();
        slice.limit(n);
        to.put(slice);
        from.position(from.position() + n);
        from.compact();
        return n;
    }

    /** {@code buffer} with room for {@code more} bytes, grown (doubling) when needed, up to {@code max}. */
    static ByteBuffer ensureRoom(ByteBuffer buffer, int more, int max) throws IOException {
        if (buffer.remaining() >= more) {
            return buffer;
        }
        int needed = buffer.position() + more;
        if (needed > max) {
            throw new IOException("A frame of " + needed + " bytes is larger than the " + max + " accepted");
        }
        ByteBuffer grown = ByteBuffer.allocate(Math.min(max, Math.max(needed, buffer.capacity() * 2)));
        buffer.flip();
        grown.put(buffer);
        return grown;
    }
}

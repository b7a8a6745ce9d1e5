package io.eventhubsnative.local.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A non-blocking byte stream between a client's socket and the AMQP engine. Layers (TLS, WebSocket frames) wrap the
 * one below them; the engine only sees the AMQP bytes.
 */
public interface Wire {

    /** Reads AMQP bytes into {@code dst}: the count, 0 when none are ready now, -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Takes AMQP bytes from {@code src}: the count taken, 0 when this layer cannot take any now. */
    int write(ByteBuffer src) throws IOException;

    /** Pushes buffered output to the socket; whether all of it went. */
    boolean flush() throws IOException;

    /** Whether {@link #read} has bytes without the socket becoming readable again. */
    boolean hasBufferedInput();

    /** Whether this wire takes AMQP bytes yet (a handshake may still be under way). */
    boolean ready();

    void close() throws IOException;
}

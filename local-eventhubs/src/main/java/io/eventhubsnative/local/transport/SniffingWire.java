package io.eventhubsnative.local.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Tells the client's protocol by its first byte, as one port serves them all: an AMQP header starts with {@code A}, a
 * WebSocket upgrade with {@code GET}, a TLS handshake with 22; inside TLS the same choice is made again.
 */
public final class SniffingWire implements Wire {

    private final ByteBuffer first = ByteBuffer.allocate(1);
    private static final byte TLS_HANDSHAKE = 22;

    private final Wire below;
    private final Supplier<SSLContext> tls;
    private final Runnable onWebSocket;
    private Wire chosen;

    /**
     * {@code tls} answers a TLS handshake (null: none is accepted, as inside TLS already); {@code onWebSocket} runs
     * when a client asks for WebSockets.
     */
    public SniffingWire(Wire below, Supplier<SSLContext> tls, Runnable onWebSocket) {
        this.below = below;
        this.tls = tls;
        this.onWebSocket = onWebSocket;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (chosen == null) {
            int n = below.read(first);
            if (n <= 0) {
                return n;
            }
            byte kind = first.get(0);
            if (kind == TLS_HANDSHAKE && tls != null) {
                chosen = new SniffingWire(new TlsWire(below, tls.get(), first), null, onWebSocket);
            } else if (kind == 'G') {
                onWebSocket.run();
                chosen = new WebSocketWire(below, first);
            } else {
                chosen = below;
                first.flip();
                dst.put(first);
                return 1;
            }
        }
        return chosen.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return chosen == null ? 0 : chosen.write(src);
    }

    @Override
    public boolean flush() throws IOException {
        return chosen == null ? below.flush() : chosen.flush();
    }

    @Override
    public boolean hasBufferedInput() {
        return chosen == null ? below.hasBufferedInput() : chosen.hasBufferedInput();
    }

    @Override
    public boolean ready() {
        return chosen != null && chosen.ready();
    }

    @Override
    public void close() throws IOException {
        below.close();
    }
}

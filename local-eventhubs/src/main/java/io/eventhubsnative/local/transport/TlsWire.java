package io.eventhubsnative.local.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS, server side, on the JDK's engine: what the service speaks on 5671 and under WebSockets on 443. Its own layer
 * (rather than proton-j's) because a WebSocket stream runs inside it, below the AMQP engine.
 */
public final class TlsWire implements Wire {

    private static final int MAX_BUFFER = 1 << 24;

    private final Wire below;
    private final SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private boolean underflow = true;
    private boolean inputClosed;
    private boolean established;

    /** {@code first} holds what was already read from the client (the start of its handshake), or nothing. */
    public TlsWire(Wire below, SSLContext context, ByteBuffer first) {
        this.below = below;
        this.engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packet);
        first.flip();
        netIn.put(first);
        underflow = false;
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException("The TLS engine did not start", e);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (appIn.position() == 0) {
            if (inputClosed) {
                return -1;
            }
            if (underflow || netIn.position() == 0) {
                int n = below.read(netIn);
                if (n < 0) {
                    inputClosed = true;
                    engine.closeInbound();
                    return -1;
                }
                if (n == 0) {
                    return 0;
                }
            }
            unwrap();
            handshake();
        }
        return Buffers.moveTo(appIn, dst);
    }

    private void unwrap() throws IOException {
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        underflow = result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW;
        noteFinished(result);
        switch (result.getStatus()) {
            case BUFFER_OVERFLOW ->
                appIn = Buffers.ensureRoom(appIn, engine.getSession().getApplicationBufferSize(), MAX_BUFFER);
            case BUFFER_UNDERFLOW ->
                netIn = Buffers.ensureRoom(netIn, engine.getSession().getPacketBufferSize(), MAX_BUFFER);
            case CLOSED -> inputClosed = true;
            case OK -> {
                // more may follow in netIn
            }
        }
    }

    /** Answers what the handshake needs from this side (its own flights, delegated tasks). */
    private void handshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    private int wrap(ByteBuffer src) throws IOException {
        SSLEngineResult result = engine.wrap(src, netOut);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = Buffers.ensureRoom(netOut, engine.getSession().getPacketBufferSize(), MAX_BUFFER);
            result = engine.wrap(src, netOut);
        }
        noteFinished(result);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && result.bytesConsumed() == 0 && src.hasRemaining()) {
            throw new SSLException("The TLS session is closed");
        }
        Buffers.drainTo(netOut, below);
        return result.bytesConsumed();
    }

    private void noteFinished(SSLEngineResult result) {
        if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
            established = true;
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!established || !Buffers.drainTo(netOut, below)) {
            return 0;
        }
        int taken = 0;
        while (src.hasRemaining() && netOut.position() == 0) {
            int n = wrap(src);
            if (n == 0) {
                break;
            }
            taken += n;
        }
        return taken;
    }

    @Override
    public boolean flush() throws IOException {
        return Buffers.drainTo(netOut, below);
    }

    @Override
    public boolean hasBufferedInput() {
        return appIn.position() > 0 || (netIn.position() > 0 && !underflow);
    }

    @Override
    public boolean ready() {
        return established;
    }

    @Override
    public void close() throws IOException {
        below.close();
    }
}

package io.eventhubsnative.local.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * AMQP over WebSockets (RFC 6455), server side, as the service serves it at {@code /$servicebus/websocket} with the
 * subprotocol {@code AMQPWSB10} (the Java, Python, JavaScript and .NET SDKs) or {@code amqp} (the Go SDK's own
 * example): the HTTP upgrade, then AMQP bytes in binary frames. Clients mask their frames; the server's are unmasked.
 */
public final class WebSocketWire implements Wire {

    public static final String PATH = "/$servicebus/websocket";
    public static final String SUBPROTOCOL = "AMQPWSB10";
    private static final List<String> SUBPROTOCOLS = List.of(SUBPROTOCOL, "amqp");
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_REQUEST = 16 * 1024;
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final int MAX_OUT_FRAME = 64 * 1024;

    private enum State {
        UPGRADING,
        OPEN,
        CLOSED
    }

    private final Wire below;
    private ByteBuffer frameIn = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer appIn = ByteBuffer.allocate(64 * 1024);
    private ByteBuffer out = ByteBuffer.allocate(64 * 1024 + 16);
    private State state = State.UPGRADING;
    private boolean needMore = true;

    /** {@code first} holds the bytes already read from the client (the start of its HTTP request). */
    public WebSocketWire(Wire below, ByteBuffer first) {
        this.below = below;
        first.flip();
        frameIn.put(first);
        needMore = false;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.position() > 0) {
                return Buffers.moveTo(appIn, dst);
            }
            if (state == State.CLOSED) {
                return -1;
            }
            if (!needMore) {
                if (state == State.UPGRADING) {
                    upgrade();
                } else {
                    decodeFrames();
                }
                continue;
            }
            frameIn = Buffers.ensureRoom(frameIn, 4096, MAX_FRAME + 14);
            int n = below.read(frameIn);
            if (n < 0) {
                state = State.CLOSED;
                return -1;
            }
            if (n == 0) {
                return 0;
            }
            needMore = false;
        }
    }

    /** Answers the HTTP upgrade once its request is complete. */
    private void upgrade() throws IOException {
        String request = new String(frameIn.array(), 0, frameIn.position(), StandardCharsets.ISO_8859_1);
        int end = request.indexOf("\r\n\r\n");
        if (end < 0) {
            if (frameIn.position() > MAX_REQUEST) {
                refuse("431 Request Header Fields Too Large");
            }
            needMore = true;
            return;
        }
        frameIn.flip();
        frameIn.position(end + 4);
        frameIn.compact();
        String[] lines = request.substring(0, end).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        String key = null;
        String protocols = "";
        String upgrade = "";
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "sec-websocket-key" -> key = value;
                case "sec-websocket-protocol" -> protocols = value;
                case "upgrade" -> upgrade = value;
                default -> {
                    // not needed
                }
            }
        }
        String path = requestLine.length > 1 ? path(requestLine[1]) : "";
        String subprotocol = subprotocol(protocols);
        if (!requestLine[0].equals("GET") || !upgrade.equalsIgnoreCase("websocket") || key == null) {
            refuse("400 Bad Request");
        } else if (!path.equals(PATH) && !path.equals(PATH + "/")) { // the Rust SDK asks with a trailing slash
            refuse("404 Not Found");
        } else if (subprotocol == null) {
            refuse("400 Bad Request");
        } else {
            send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\nSec-WebSocket-Protocol: " + subprotocol
                    + "\r\n\r\n");
            state = State.OPEN;
            needMore = frameIn.position() == 0;
        }
    }

    /** The path of a request target, which may be absolute: the Java SDK asks for {@code https://host/path}. */
    static String path(String target) {
        String path = target.split("\\?")[0];
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return path;
    }

    /** The first of the client's subprotocols that is AMQP, as it spelled it (it must hear its own back), or null. */
    private static String subprotocol(String protocols) {
        for (String protocol : protocols.split(",")) {
            String offered = protocol.trim();
            if (SUBPROTOCOLS.stream().anyMatch(offered::equalsIgnoreCase)) {
                return offered;
            }
        }
        return null;
    }

    private void refuse(String status) throws IOException {
        send("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        state = State.CLOSED;
    }

    private void send(String response) throws IOException {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        out = Buffers.ensureRoom(out, bytes.length, Integer.MAX_VALUE);
        out.put(bytes);
        Buffers.drainTo(out, below);
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes every complete frame in {@code frameIn}: data into {@code appIn}, control frames answered. */
    private void decodeFrames() throws IOException {
        while (state == State.OPEN) {
            int available = frameIn.position();
            if (available < 2) {
                needMore = true;
                return;
            }
            byte[] raw = frameIn.array();
            int opcode = raw[0] & 0x0F;
            boolean masked = (raw[1] & 0x80) != 0;
            long length = raw[1] & 0x7F;
            int header = 2;
            if (length == 126) {
                if (available < 4) {
                    needMore = true;
                    return;
                }
                length = ((raw[2] & 0xFF) << 8) | (raw[3] & 0xFF);
                header = 4;
            } else if (length == 127) {
                if (available < 10) {
                    needMore = true;
                    return;
                }
                length = ByteBuffer.wrap(raw, 2, 8).getLong();
                header = 10;
            }
            if (length > MAX_FRAME || length < 0) {
                throw new IOException("A WebSocket frame of " + length + " bytes is larger than " + MAX_FRAME);
            }
            int maskAt = header;
            if (masked) {
                header += 4;
            }
            if (available < header + length) {
                needMore = true;
                return;
            }
            int size = (int) length;
            for (int i = 0; masked && i < size; i++) {
                raw[header + i] ^= raw[maskAt + (i & 3)];
            }
            switch (opcode) {
                case 0, 1, 2 -> {
                    appIn = Buffers.ensureRoom(appIn, size, MAX_FRAME * 2);
                    appIn.put(raw, header, size);
                }
                case 8 -> {
                    frame(0x8, ByteBuffer.wrap(raw, header, Math.min(size, 2)));
                    state = State.CLOSED;
                }
                case 9 -> frame(0xA, ByteBuffer.wrap(raw, header, size));
                default -> {
                    // pong or reserved: nothing to answer
                }
            }
            frameIn.flip();
            frameIn.position(header + size);
            frameIn.compact();
        }
    }

    /** Appends one unmasked, final frame holding all of {@code payload} to the output. */
    private void frame(int opcode, ByteBuffer payload) throws IOException {
        int length = payload.remaining();
        out = Buffers.ensureRoom(out, length + 10, Integer.MAX_VALUE);
        out.put((byte) (0x80 | opcode));
        if (length < 126) {
            out.put((byte) length);
        } else if (length < 65536) {
            out.put((byte) 126).putShort((short) length);
        } else {
            out.put((byte) 127).putLong(length);
        }
        out.put(payload);
        Buffers.drainTo(out, below);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (state != State.OPEN || !Buffers.drainTo(out, below)) {
            return 0;
        }
        int n = Math.min(src.remaining(), MAX_OUT_FRAME);
        ByteBuffer payload = src.slice();
        payload.limit(n);
        frame(0x2, payload);
        src.position(src.position() + n);
        return n;
    }

    @Override
    public boolean flush() throws IOException {
        return Buffers.drainTo(out, below);
    }

    @Override
    public boolean hasBufferedInput() {
        return appIn.position() > 0 || (frameIn.position() > 0 && !needMore) || below.hasBufferedInput();
    }

    @Override
    public boolean ready() {
        return state == State.OPEN;
    }

    @Override
    public void close() throws IOException {
        below.close();
    }
}

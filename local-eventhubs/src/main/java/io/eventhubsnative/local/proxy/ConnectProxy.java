package io.eventhubsnative.local.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP CONNECT proxy on the loopback interface, optionally asking for Basic credentials (407 and a challenge,
 * on a connection kept open for the answer, as proxies do). It logs each tunnel it opens and each refusal, and keeps
 * them for tests to check. One thread per direction of each tunnel: for tests, not for production traffic.
 */
public final class ConnectProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectProxy.class);
    private static final int MAX_HEAD = 16 * 1024;

    /** A tunnel the proxy opened: its target and the user that signed in (null without credentials). */
    public record Tunnel(String target, String user) {}

    private final ServerSocket server;
    private final String credentials;
    private final List<Tunnel> tunnels = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicLong bytes = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> aliases = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean open = true;

    private ConnectProxy(String user, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.credentials = user == null
                ? null
                : Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Thread acceptor = new Thread(this::accept, "connect-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy that lets anyone through. */
    public static ConnectProxy start() throws IOException {
        return new ConnectProxy(null, null);
    }

    /** A proxy that asks for these Basic credentials. */
    public static ConnectProxy withBasicAuth(String user, String password) throws IOException {
        return new ConnectProxy(user, password);
    }

    /**
     * Resolves {@code name} to {@code address} for tunnels, as a proxy resolves names its clients cannot: lets a test
     * use a name the JVM does not treat as local (it never proxies {@code localhost}).
     */
    public ConnectProxy alias(String name, String address) {
        aliases.put(name, address);
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The tunnels opened so far, in order. */
    public List<Tunnel> tunnels() {
        return List.copyOf(tunnels);
    }

    /** The requests refused so far (status and target), in order. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Bytes carried through tunnels, both directions. */
    public long bytesCarried() {
        return bytes.get();
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread thread = new Thread(() -> serve(client), "connect-proxy-client");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                if (open) {
                    LOG.warn("The proxy stopped accepting connections", e);
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head.isEmpty()) {
                    client.close();
                    return;
                }
                String[] requestLine = head.get(0).split(" ");
                if (requestLine.length < 3 || !requestLine[0].equals("CONNECT")) {
                    refuse(out, "405 Method Not Allowed", head.get(0), false);
                    client.close();
                    return;
                }
                String target = requestLine[1];
                String user = null;
                if (credentials != null) {
                    String given = header(head, "proxy-authorization");
                    if (given == null || !given.equals("Basic " + credentials)) {
                        // The first answer is a challenge; a client that answers it wrongly gets the door closed.
                        refuse(out, "407 Proxy Authentication Required", target, given == null);
                        if (given != null) {
                            client.close();
                            return;
                        }
                        continue;
                    }
                    user = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8).split(":")[0];
                }
                tunnel(client, out, target, user);
                return;
            }
        } catch (IOException e) {
            LOG.debug("A proxy connection ended", e);
            closeQuietly(client);
        }
    }

    private void tunnel(Socket client, OutputStream out, String target, String user) throws IOException {
        int colon = target.lastIndexOf(':');
        Socket upstream;
        try {
            String host = target.substring(0, colon);
            upstream = new Socket(aliases.getOrDefault(host, host), Integer.parseInt(target.substring(colon + 1)));
        } catch (IOException | RuntimeException e) {
            refuse(out, "502 Bad Gateway", target, false);
            client.close();
            return;
        }
        sockets.add(upstream);
        upstream.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        tunnels.add(new Tunnel(target, user));
        LOG.info("Tunnel open to {} for {}", target, user == null ? "anyone" : "user " + user);
        Thread up = new Thread(() -> pump(client, upstream), "connect-proxy-up");
        up.setDaemon(true);
        up.start();
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (from;
                to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
                bytes.addAndGet(n);
            }
        } catch (IOException e) {
            // one side closed: the tunnel ends
        }
    }

    private void refuse(OutputStream out, String status, String target, boolean challenge) throws IOException {
        refusals.add(status + " " + target);
        LOG.info("Refused {}: {}", target, status);
        String response = "HTTP/1.1 " + status + "\r\n"
                + (challenge ? "Proxy-Authenticate: Basic realm=\"local-eventhubs\"\r\n" : "")
                + "Content-Length: 0\r\n" + (challenge ? "Proxy-Connection: keep-alive\r\n" : "Connection: close\r\n")
                + "\r\n";
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request's lines up to the blank one; empty when the client closed first. */
    private static List<String> readHead(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (text.length() < MAX_HEAD
                && (text.length() < 4 || !text.substring(text.length() - 4).equals("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                return List.of();
            }
            text.append((char) b);
        }
        return new ArrayList<>(List.of(text.toString().trim().split("\r\n")));
    }

    private static String header(List<String> head, String name) {
        for (String line : head.subList(1, head.size())) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(ConnectProxy::closeQuietly);
    }
}

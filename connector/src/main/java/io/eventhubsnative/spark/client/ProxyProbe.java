package io.eventhubsnative.spark.client;

import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NetworkSettings;
import io.eventhubsnative.spark.config.OptionKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Asks the configured proxy for the tunnel the client wanted, once, after a connection failed: the SDK reports a
 * refused proxy only as a timeout, and a user needs to know whether the proxy, its credentials or the namespace is to
 * blame. Never shows the password.
 */
final class ProxyProbe {

    private static final int TIMEOUT_MS = 5000;

    private ProxyProbe() {}

    /** A sentence on what the proxy answered, or null when no proxy is set. */
    static String diagnose(EventHubsOptions options) {
        NetworkSettings network = options.network();
        if (!network.hasProxy()) {
            return null;
        }
        String proxy = network.proxyHost() + ":" + network.proxyPort();
        String target = target(options);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(network.proxyHost(), network.proxyPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            StringBuilder request = new StringBuilder("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n");
            if (network.proxyUsername() != null && network.proxyAuth() == NetworkSettings.ProxyAuth.BASIC) {
                String pair = network.proxyUsername() + ":" + network.proxyPassword();
                request.append("Proxy-Authorization: Basic ")
                        .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                        .append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            String status = statusLine(socket.getInputStream());
            if (status.contains(" 407")) {
                return "The proxy " + proxy + " refused the credentials (" + status + "): check options '"
                        + OptionKeys.PROXY_USERNAME + "' and '" + OptionKeys.PROXY_PASSWORD + "'"
                        + (network.proxyUsername() == null ? " (not set; this proxy asks for them)" : "") + ".";
            }
            if (status.contains(" 200")) {
                return "The proxy " + proxy + " opens a tunnel to " + target + "; the namespace behind it did not "
                        + "answer in time.";
            }
            return "The proxy " + proxy + " refused a tunnel to " + target + " (" + status + "): check options '"
                    + OptionKeys.PROXY_HOST + "' and '" + OptionKeys.CUSTOM_ENDPOINT_ADDRESS + "'.";
        } catch (IOException e) {
            return "The proxy " + proxy + " could not be reached ("
                    + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): check options '" + OptionKeys.PROXY_HOST + "' and '"
                    + OptionKeys.PROXY_PORT + "'.";
        }
    }

    /** Where the SDK asks the proxy to go: the custom endpoint address, else the namespace on 443 (its own port when given). */
    static String target(EventHubsOptions options) {
        String custom = options.network().customEndpointAddress();
        if (custom != null) {
            URI uri = URI.create(custom);
            return uri.getHost() + ":" + (uri.getPort() == -1 ? 443 : uri.getPort());
        }
        String namespace = options.fullyQualifiedNamespace();
        return namespace.contains(":") ? namespace : namespace + ":443";
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n' && line.length() < 200) {
            line.append((char) b);
        }
        return line.toString().trim();
    }
}

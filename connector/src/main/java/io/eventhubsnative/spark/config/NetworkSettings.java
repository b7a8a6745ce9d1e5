package io.eventhubsnative.spark.config;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * How the connector reaches the namespace: AMQP on 5671 (the default) or AMQP over WebSockets on 443, optionally
 * through an HTTP proxy, and optionally at a custom endpoint address (a private endpoint, an application gateway).
 * Without proxy options, WebSockets go through the JVM's system proxy when it has one ({@code https.proxyHost}).
 * The proxy password is a secret: {@link #toString()} shows {@code ***}.
 */
public final class NetworkSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The transports of {@code eventhubs.transportType}. */
    public enum Transport {
        AMQP("amqp"),
        AMQP_WEB_SOCKETS("amqpWebSockets");

        private final String optionValue;

        Transport(String optionValue) {
            this.optionValue = optionValue;
        }

        @Override
        public String toString() {
            return optionValue;
        }
    }

    /** How the proxy signs in, when it asks for credentials. */
    public enum ProxyAuth {
        BASIC,
        DIGEST
    }

    private static final String PROXY_EXAMPLE = ".option(\"" + OptionKeys.TRANSPORT_TYPE
            + "\", \"amqpWebSockets\").option(\"" + OptionKeys.PROXY_HOST + "\", \"proxy.contoso.com\").option(\""
            + OptionKeys.PROXY_PORT + "\", \"8080\")";

    private final Transport transport;
    private final String proxyHost;
    private final int proxyPort;
    private final String proxyUsername;
    private final String proxyPassword;
    private final ProxyAuth proxyAuth;
    private final String customEndpointAddress;

    private NetworkSettings(OptionReader options) {
        this.transport = transport(options.string(OptionKeys.TRANSPORT_TYPE));
        this.proxyHost = options.string(OptionKeys.PROXY_HOST);
        this.proxyUsername = options.string(OptionKeys.PROXY_USERNAME);
        this.proxyPassword = options.string(OptionKeys.PROXY_PASSWORD);
        this.proxyAuth = proxyAuth(options.string(OptionKeys.PROXY_AUTH_TYPE));
        this.customEndpointAddress = customEndpointAddress(options.string(OptionKeys.CUSTOM_ENDPOINT_ADDRESS));
        if (proxyHost == null) {
            for (String key : new String[] {
                OptionKeys.PROXY_PORT, OptionKeys.PROXY_USERNAME, OptionKeys.PROXY_PASSWORD, OptionKeys.PROXY_AUTH_TYPE
            }) {
                if (options.isSet(key)) {
                    throw new IllegalArgumentException("Option '" + key + "' needs option '" + OptionKeys.PROXY_HOST
                            + "', the proxy to go through, e.g. " + PROXY_EXAMPLE + ".");
                }
            }
            this.proxyPort = -1;
            return;
        }
        if (transport != Transport.AMQP_WEB_SOCKETS) {
            throw new IllegalArgumentException("Option '" + OptionKeys.PROXY_HOST + "' needs option '"
                    + OptionKeys.TRANSPORT_TYPE + "' set to amqpWebSockets: Event Hubs is reached through an HTTP "
                    + "proxy only over WebSockets (port 443). Example: " + PROXY_EXAMPLE + ".");
        }
        if (!options.isSet(OptionKeys.PROXY_PORT)) {
            throw new IllegalArgumentException("Option '" + OptionKeys.PROXY_HOST + "' needs option '"
                    + OptionKeys.PROXY_PORT + "', the proxy's port, e.g. " + PROXY_EXAMPLE + ".");
        }
        this.proxyPort = options.intInRange(OptionKeys.PROXY_PORT, 0, 1, 65535);
        if ((proxyUsername == null) != (proxyPassword == null)) {
            throw new IllegalArgumentException("Options '" + OptionKeys.PROXY_USERNAME + "' and '"
                    + OptionKeys.PROXY_PASSWORD + "' go together: set both for a proxy that asks for credentials, "
                    + "or neither.");
        }
    }

    static NetworkSettings parse(OptionReader options) {
        return new NetworkSettings(options);
    }

    private static Transport transport(String value) {
        if (value == null) {
            return Transport.AMQP;
        }
        String plain = value.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (Transport transport : Transport.values()) {
            if (plain.equals(transport.optionValue.toLowerCase(Locale.ROOT))) {
                return transport;
            }
        }
        throw new IllegalArgumentException("Option '" + OptionKeys.TRANSPORT_TYPE + "' must be amqp (port 5671, the "
                + "default) or amqpWebSockets (port 443, also through proxies), but got '" + value + "'. Example: "
                + ".option(\"" + OptionKeys.TRANSPORT_TYPE + "\", \"amqpWebSockets\")");
    }

    private static ProxyAuth proxyAuth(String value) {
        if (value == null) {
            return ProxyAuth.BASIC;
        }
        for (ProxyAuth auth : ProxyAuth.values()) {
            if (auth.name().equalsIgnoreCase(value)) {
                return auth;
            }
        }
        throw new IllegalArgumentException("Option '" + OptionKeys.PROXY_AUTH_TYPE + "' must be basic (the default) "
                + "or digest, but got '" + value + "'.");
    }

    private static String customEndpointAddress(String value) {
        if (value == null) {
            return null;
        }
        String example = " Example: .option(\"" + OptionKeys.CUSTOM_ENDPOINT_ADDRESS
                + "\", \"https://eventhubs-gateway.contoso.com:443\")";
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "https://" + value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Option '" + OptionKeys.CUSTOM_ENDPOINT_ADDRESS
                    + "' must be an address such as https://host:port, but got '" + value + "'." + example);
        }
        if (uri.getHost() == null || !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("Option '" + OptionKeys.CUSTOM_ENDPOINT_ADDRESS
                    + "' must be an https address with a host (the port is optional), but got '" + value + "'."
                    + example);
        }
        return uri.toString();
    }

    public Transport transport() {
        return transport;
    }

    /** Whether proxy options are set (else WebSockets use the JVM's system proxy, if any). */
    public boolean hasProxy() {
        return proxyHost != null;
    }

    public String proxyHost() {
        return proxyHost;
    }

    public int proxyPort() {
        return proxyPort;
    }

    /** The proxy's user name, or null when it asks for no credentials. */
    public String proxyUsername() {
        return proxyUsername;
    }

    /** The proxy's password: a secret, never to be logged. */
    public String proxyPassword() {
        return proxyPassword;
    }

    public ProxyAuth proxyAuth() {
        return proxyAuth;
    }

    /** {@code eventhubs.customEndpointAddress} as an https URL, or null. */
    public String customEndpointAddress() {
        return customEndpointAddress;
    }

    /** Everything that makes a different client, the password included: for cache keys, which hash it. */
    String clientMaterial() {
        return transport + "|" + proxyHost + "|" + proxyPort + "|" + proxyUsername + "|" + proxyPassword + "|"
                + proxyAuth + "|" + customEndpointAddress;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("transportType=").append(transport);
        if (proxyHost != null) {
            sb.append(", proxy=").append(proxyHost).append(':').append(proxyPort);
            if (proxyUsername != null) {
                sb.append(" (")
                        .append(proxyAuth.name().toLowerCase(Locale.ROOT))
                        .append(", user ")
                        .append(proxyUsername)
                        .append(", password ***)");
            }
        }
        if (customEndpointAddress != null) {
            sb.append(", customEndpointAddress=").append(customEndpointAddress);
        }
        return sb.toString();
    }
}

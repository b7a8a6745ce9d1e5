package io.eventhubsnative.spark.config;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed Event Hubs SAS connection string: {@code Endpoint}, {@code SharedAccessKeyName} + {@code SharedAccessKey}
 * or {@code SharedAccessSignature}, optional {@code EntityPath} and {@code UseDevelopmentEmulator}; keys are
 * case-insensitive, as the SDK reads them. Parsing checks what the SDK would reject, so the failure names the option
 * instead of surfacing later from a task, and no message ever contains the string or a part of it other than key
 * names and the endpoint host.
 */
public final class ConnectionString implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String EXAMPLE = "Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<key name>;"
            + "SharedAccessKey=<key>[;EntityPath=<event hub>]";

    private static final String ENDPOINT = "Endpoint";
    private static final String KEY_NAME = "SharedAccessKeyName";
    private static final String KEY = "SharedAccessKey";
    private static final String SIGNATURE = "SharedAccessSignature";
    private static final String ENTITY_PATH = "EntityPath";
    private static final String EMULATOR = "UseDevelopmentEmulator";
    private static final List<String> KEYS = Arrays.asList(ENDPOINT, KEY_NAME, KEY, SIGNATURE, ENTITY_PATH, EMULATOR);
    private static final String SIGNATURE_PREFIX = "SharedAccessSignature ";

    private final String endpoint;
    private final String fullyQualifiedNamespace;
    private final String sharedAccessKeyName;
    private final String sharedAccessKey;
    private final String sharedAccessSignature;
    private final String entityPath;
    private final boolean useDevelopmentEmulator;

    private ConnectionString(
            String endpoint,
            String fullyQualifiedNamespace,
            String sharedAccessKeyName,
            String sharedAccessKey,
            String sharedAccessSignature,
            String entityPath,
            boolean useDevelopmentEmulator) {
        this.endpoint = endpoint;
        this.fullyQualifiedNamespace = fullyQualifiedNamespace;
        this.sharedAccessKeyName = sharedAccessKeyName;
        this.sharedAccessKey = sharedAccessKey;
        this.sharedAccessSignature = sharedAccessSignature;
        this.entityPath = entityPath;
        this.useDevelopmentEmulator = useDevelopmentEmulator;
    }

    /**
     * Parses the value of {@code eventhubs.connectionString}.
     *
     * @throws IllegalArgumentException naming the option and the problem, without any secret
     */
    public static ConnectionString parse(String value) {
        check(value != null && !value.trim().isEmpty(), "is empty");
        check(
                !looksEncryptedOrOpaque(value),
                "is not a connection string (it has no Endpoint=...). Pass the connection "
                        + "string as the Azure portal shows it (Shared access policies), in plain text: eventhubs-native does not take "
                        + "the output of the legacy EventHubsUtils.encrypt");
        String endpoint = null;
        String keyName = null;
        String key = null;
        String signature = null;
        String entityPath = null;
        Boolean emulator = null;
        int part = 0;
        for (String segment : value.split(";")) {
            if (segment.trim().isEmpty()) {
                continue;
            }
            part++;
            int equals = segment.indexOf('=');
            if (equals < 1 || segment.substring(0, equals).trim().isEmpty()) {
                throw invalid("has a part (number " + part + ") that is not of the form Key=Value");
            }
            String name = segment.substring(0, equals).trim();
            String text = segment.substring(equals + 1).trim();
            if (name.equalsIgnoreCase(ENDPOINT)) {
                check(endpoint == null, "names Endpoint twice");
                endpoint = text;
            } else if (name.equalsIgnoreCase(KEY_NAME)) {
                check(keyName == null, "names SharedAccessKeyName twice");
                keyName = text;
            } else if (name.equalsIgnoreCase(KEY)) {
                check(key == null, "names SharedAccessKey twice");
                key = text;
            } else if (name.equalsIgnoreCase(SIGNATURE)) {
                check(signature == null, "names SharedAccessSignature twice");
                signature = text;
            } else if (name.equalsIgnoreCase(ENTITY_PATH)) {
                check(entityPath == null, "names EntityPath twice");
                entityPath = text;
            } else if (name.equalsIgnoreCase(EMULATOR)) {
                check(emulator == null, "names UseDevelopmentEmulator twice");
                check(
                        text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"),
                        "has UseDevelopmentEmulator set to something other than true or false");
                emulator = Boolean.valueOf(text);
            } else {
                throw invalid("has an unknown key " + describeKey(name) + "; the keys are " + String.join(", ", KEYS));
            }
        }
        check(endpoint != null && !endpoint.isEmpty(), "has no Endpoint");
        check(
                !(signature != null && (keyName != null || key != null)),
                "has both a SharedAccessSignature and a SharedAccessKeyName/SharedAccessKey; keep one of them");
        check(
                signature != null || (keyName != null && key != null),
                "needs SharedAccessKeyName and SharedAccessKey (or a SharedAccessSignature)");
        check(keyName == null || !keyName.isEmpty(), "has an empty SharedAccessKeyName");
        check(key == null || !key.isEmpty(), "has an empty SharedAccessKey");
        if (signature != null) {
            check(!signature.isEmpty(), "has an empty SharedAccessSignature");
            if (signature.toLowerCase(Locale.ROOT).startsWith("sr=")) {
                signature = SIGNATURE_PREFIX + signature; // the SDK wants the token with its type prefix
            }
            check(
                    signature.toLowerCase(Locale.ROOT).startsWith(SIGNATURE_PREFIX.toLowerCase(Locale.ROOT)),
                    "has a SharedAccessSignature that is not a SAS token (expected 'SharedAccessSignature sr=...&sig=..."
                            + "&se=...&skn=...')");
        }
        String normalizedEndpoint = normalizeEndpoint(endpoint);
        String namespace = hostAndPort(normalizedEndpoint);
        return new ConnectionString(
                normalizedEndpoint,
                namespace,
                keyName,
                key,
                signature,
                entityPath == null || entityPath.isEmpty() ? null : entityPath,
                emulator != null && emulator);
    }

    /** A scheme is added when missing ({@code sb://}), as the SDK does; sb, http and https are what it accepts. */
    private static String normalizeEndpoint(String endpoint) {
        String lower = endpoint.toLowerCase(Locale.ROOT);
        if (!lower.contains("://")) {
            return "sb://" + endpoint;
        }
        check(
                lower.startsWith("sb://") || lower.startsWith("http://") || lower.startsWith("https://"),
                "has an Endpoint whose scheme is not sb:// (e.g. Endpoint=sb://myns.servicebus.windows.net/)");
        return endpoint;
    }

    private static String hostAndPort(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw invalid(
                    "has an Endpoint that is not a valid address (e.g. Endpoint=sb://myns.servicebus.windows.net/)");
        }
        check(
                uri.getHost() != null && !uri.getHost().isEmpty(),
                "has an Endpoint without a host name (e.g. Endpoint=sb://myns.servicebus.windows.net/)");
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }

    private static boolean looksEncryptedOrOpaque(String value) {
        return !value.contains(";") && !value.toLowerCase(Locale.ROOT).contains("endpoint");
    }

    /** Echoes a key name only if it looks like one; anything else may be a pasted secret. */
    private static String describeKey(String name) {
        if (name.length() <= 40 && name.matches("[A-Za-z]+")) {
            String closest = Spelling.closest(name, KEYS, 3);
            return "'" + name + "'" + (closest != null ? " (did you mean '" + closest + "'?)" : "");
        }
        return "(not shown, it may be a secret)";
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw invalid(problem);
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("Option '" + OptionKeys.CONNECTION_STRING + "' " + problem + ". Expected: "
                + EXAMPLE + " (value not shown: it is a secret).");
    }

    /** The endpoint, with {@code sb://} added when the string had no scheme. */
    public String endpoint() {
        return endpoint;
    }

    /** The endpoint's host, lower-cased, with its port when one is given (e.g. {@code localhost:5673}). */
    public String fullyQualifiedNamespace() {
        return fullyQualifiedNamespace;
    }

    /** The key name, or null with a SharedAccessSignature. Not a secret. */
    public String sharedAccessKeyName() {
        return sharedAccessKeyName;
    }

    /** The key (a secret), or null with a SharedAccessSignature. */
    public String sharedAccessKey() {
        return sharedAccessKey;
    }

    /** The SAS token (a secret) starting {@code SharedAccessSignature sr=}, or null with a key. */
    public String sharedAccessSignature() {
        return sharedAccessSignature;
    }

    /** The event hub of a hub-level connection string, or null for a namespace-level one. */
    public String entityPath() {
        return entityPath;
    }

    /** Whether the string targets the local emulator: plain AMQP without TLS, port 5672 unless the endpoint says. */
    public boolean useDevelopmentEmulator() {
        return useDevelopmentEmulator;
    }

    /**
     * The connection string to give {@code EventHubClientBuilder.connectionString(String)}: these parts, with
     * {@code EntityPath} set to {@code eventHubName}. Contains the secret: never log it.
     */
    public String forEventHub(String eventHubName) {
        Objects.requireNonNull(eventHubName, "eventHubName");
        StringBuilder sb = new StringBuilder(ENDPOINT).append('=').append(endpoint);
        if (sharedAccessSignature != null) {
            sb.append(';').append(SIGNATURE).append('=').append(sharedAccessSignature);
        } else {
            sb.append(';').append(KEY_NAME).append('=').append(sharedAccessKeyName);
            sb.append(';').append(KEY).append('=').append(sharedAccessKey);
        }
        sb.append(';').append(ENTITY_PATH).append('=').append(eventHubName);
        if (useDevelopmentEmulator) {
            sb.append(';').append(EMULATOR).append("=true");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConnectionString)) {
            return false;
        }
        ConnectionString that = (ConnectionString) o;
        return useDevelopmentEmulator == that.useDevelopmentEmulator
                && endpoint.equals(that.endpoint)
                && Objects.equals(sharedAccessKeyName, that.sharedAccessKeyName)
                && Objects.equals(sharedAccessKey, that.sharedAccessKey)
                && Objects.equals(sharedAccessSignature, that.sharedAccessSignature)
                && Objects.equals(entityPath, that.entityPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, sharedAccessKeyName, entityPath, useDevelopmentEmulator);
    }

    /** The parts with every secret shown as {@code ***}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(ENDPOINT).append('=').append(endpoint);
        if (sharedAccessSignature != null) {
            sb.append(';').append(SIGNATURE).append("=***");
        } else {
            sb.append(';').append(KEY_NAME).append('=').append(sharedAccessKeyName);
            sb.append(';').append(KEY).append("=***");
        }
        if (entityPath != null) {
            sb.append(';').append(ENTITY_PATH).append('=').append(entityPath);
        }
        if (useDevelopmentEmulator) {
            sb.append(';').append(EMULATOR).append("=true");
        }
        return sb.toString();
    }
}

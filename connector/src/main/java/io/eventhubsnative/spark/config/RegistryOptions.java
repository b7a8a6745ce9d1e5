package io.eventhubsnative.spark.config;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach a namespace's Schema Registry: its host (the event hubs namespace unless
 * {@code eventhubs.schemaRegistry.namespace} says otherwise), the sign-in (the same options as the hub: a SAS
 * connection string or {@code eventhubs.auth}), bounded waits, and a certificate to trust besides the JVM's (a
 * private CA, or a local endpoint's). Holds secrets; {@link #toString()} shows none.
 */
public final class RegistryOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final ConnectionString connectionString;
    private final AuthSettings auth;
    private final String trustCertificate;
    private final Duration timeout;
    private final int maxRetries;

    RegistryOptions(OptionReader options) {
        for (String key : options.keys()) {
            String rejection = OptionKeys.rejection(key);
            if (rejection != null) {
                throw new IllegalArgumentException(rejection);
            }
        }
        String connection = options.string(OptionKeys.CONNECTION_STRING);
        this.connectionString = connection == null ? null : ConnectionString.parse(connection);
        this.auth = AuthSettings.parse(options, connectionString != null, false);
        String given = options.string(OptionKeys.SCHEMA_REGISTRY_NAMESPACE);
        String hubs = options.string(OptionKeys.NAMESPACE);
        if (given != null) {
            this.namespace = EventHubsOptions.normalizeNamespace(given);
        } else if (connectionString != null) {
            this.namespace = connectionString.fullyQualifiedNamespace();
        } else if (hubs != null) {
            this.namespace = EventHubsOptions.normalizeNamespace(hubs);
        } else {
            throw new IllegalArgumentException("No Schema Registry to ask: set option '" + OptionKeys.NAMESPACE
                    + "' (the registry is the namespace's), e.g. .option(\"" + OptionKeys.NAMESPACE
                    + "\", \"myns.servicebus.windows.net\"), or '" + OptionKeys.CONNECTION_STRING + "'.");
        }
        this.trustCertificate = options.string(OptionKeys.SCHEMA_REGISTRY_TRUST_CERTIFICATE);
        if (trustCertificate != null && !Files.isReadable(Paths.get(trustCertificate))) {
            throw new IllegalArgumentException("Option '" + OptionKeys.SCHEMA_REGISTRY_TRUST_CERTIFICATE
                    + "' must be a readable PEM file of the certificate to trust, but '" + trustCertificate
                    + "' cannot be read.");
        }
        this.timeout = options.duration(OptionKeys.OPERATION_TIMEOUT, EventHubsOptions.DEFAULT_OPERATION_TIMEOUT, true);
        this.maxRetries = options.intInRange(
                OptionKeys.MAX_RETRIES, EventHubsOptions.DEFAULT_MAX_RETRIES, 0, EventHubsOptions.MAX_MAX_RETRIES);
    }

    /**
     * Parses and checks the options (the same map a read or write of the hub takes).
     *
     * @throws IllegalArgumentException naming the option to fix
     */
    public static RegistryOptions parse(Map<String, String> options) {
        return new RegistryOptions(new OptionReader(options));
    }

    /** The registry's host, with a port when one is given. */
    public String namespace() {
        return namespace;
    }

    /** The SAS connection string, or null when signing in with Entra ID. */
    public ConnectionString connectionString() {
        return connectionString;
    }

    public AuthSettings auth() {
        return auth;
    }

    /** A PEM certificate to trust besides the JVM's, or null. */
    public String trustCertificate() {
        return trustCertificate;
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** What makes a different client, secrets included: for cache keys, which hash it. */
    public String clientMaterial() {
        return namespace + "|" + (connectionString == null ? "" : connectionString.forEventHub("registry")) + "|"
                + auth.credentialKey() + "|" + trustCertificate + "|" + timeout.toMillis() + "|" + maxRetries;
    }

    @Override
    public String toString() {
        return "RegistryOptions{namespace=" + namespace + ", " + auth + ", timeout=" + OptionReader.spark(timeout)
                + ", maxRetries=" + maxRetries + (trustCertificate == null ? "" : ", trusting " + trustCertificate)
                + "}";
    }
}

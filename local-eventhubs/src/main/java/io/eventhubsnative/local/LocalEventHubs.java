package io.eventhubsnative.local;

import io.eventhubsnative.local.amqp.AmqpServer;
import io.eventhubsnative.local.amqp.ManagementFaults;
import io.eventhubsnative.local.amqp.SasTokens;
import io.eventhubsnative.local.amqp.ServerSettings;
import io.eventhubsnative.local.amqp.Throttle;
import io.eventhubsnative.local.registry.RegistryServer;
import io.eventhubsnative.local.registry.SchemaStore;
import io.eventhubsnative.local.store.EventStore;
import io.eventhubsnative.local.store.Hub;
import io.eventhubsnative.local.store.PartitionLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A local Event Hubs-compatible AMQP endpoint that the real {@code azure-messaging-eventhubs} client talks to over
 * plain TCP with the emulator's connection string. Start one per test class:
 *
 * <pre>{@code
 * try (LocalEventHubs hubs = LocalEventHubs.builder().hub("orders", 4).start()) {
 *   new EventHubClientBuilder().connectionString(hubs.connectionString("orders")) ...
 * }
 * }</pre>
 */
public final class LocalEventHubs implements AutoCloseable {

    public static final String DEFAULT_KEY_NAME = "RootManageSharedAccessKey";
    public static final String DEFAULT_KEY = "SAS_KEY_VALUE";

    private final EventStore store;
    private final AmqpServer server;
    private final Counters counters;
    private final Faults faults;
    private final String keyName;
    private final String key;
    private final String namespace;
    private final boolean tls;
    private final SchemaStore schemas = new SchemaStore();
    private final RegistryServer registry;
    private final Throttle throttle;
    private volatile JwtValidator jwtValidator = JwtValidator.ACCEPT_ALL;

    private LocalEventHubs(Builder builder) throws IOException {
        this.store = new EventStore();
        this.counters = new Counters();
        this.keyName = builder.keyName;
        this.key = builder.key;
        this.namespace = builder.namespace;
        this.tls = builder.tls != null;
        for (HubConfig hub : builder.hubs) {
            store.createHub(hub.name(), hub.partitionCount(), hub.consumerGroups());
        }
        ManagementFaults managementFaults = new ManagementFaults();
        Map<String, String> keys = new LinkedHashMap<>(builder.extraKeys);
        keys.put(keyName, key);
        this.throttle = new Throttle(builder.quota);
        ServerSettings settings = new ServerSettings(
                store,
                keys,
                () -> jwtValidator,
                counters,
                managementFaults,
                builder.maxMessageSize,
                builder.tls,
                SelfSignedCertificate.onDemand(),
                throttle);
        this.server = AmqpServer.start(settings, builder.host, builder.port);
        if (builder.registryTls != null) {
            builder.schemaGroups.forEach(schemas::createGroup);
            this.registry = RegistryServer.start(
                    schemas, new SasTokens(keys), () -> jwtValidator, counters, builder.registryTls, builder.host, 0);
        } else {
            this.registry = null;
        }
        this.faults = new Faults(server, managementFaults);
    }

    /** Starts an endpoint on a free loopback port with one hub, {@code eh1}, of 4 partitions. */
    public static LocalEventHubs start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.port();
    }

    /** The emulator's namespace name from the config (e.g. {@code emulatorNs1}); clients address it as localhost. */
    public String namespace() {
        return namespace;
    }

    /**
     * A namespace-level connection string for this endpoint: the emulator's form (plain AMQP) for this port, or with
     * TLS the service's form, which clients take to mean AMQPS on port 5671.
     */
    public String connectionString() {
        if (tls) {
            return "Endpoint=sb://localhost/;SharedAccessKeyName=" + keyName + ";SharedAccessKey=" + key + ";";
        }
        return "Endpoint=sb://localhost:" + port() + ";SharedAccessKeyName=" + keyName + ";SharedAccessKey=" + key
                + ";UseDevelopmentEmulator=true;";
    }

    /** A hub-level connection string ({@code EntityPath=hub}). */
    public String connectionString(String hub) {
        return connectionString() + "EntityPath=" + hub + ";";
    }

    public void createHub(String name, int partitionCount, String... consumerGroups) {
        store.createHub(name, partitionCount, List.of(consumerGroups));
    }

    public void addConsumerGroup(String hub, String consumerGroup) {
        hub(hub).addConsumerGroup(consumerGroup);
    }

    /** Grows a running hub to {@code partitionCount} partitions, as Premium and Dedicated tiers allow. */
    public void addPartitions(String hub, int partitionCount) {
        hub(hub).growTo(partitionCount);
    }

    public List<String> hubNames() {
        List<String> names = new ArrayList<>();
        store.hubs().forEach(h -> names.add(h.name()));
        return names;
    }

    public PartitionState partitionState(String hub, String partitionId) {
        PartitionLog.Snapshot snapshot = partition(hub, partitionId).snapshot();
        return new PartitionState(partitionId, snapshot.beginSequenceNumber(), snapshot.lastSequenceNumber());
    }

    /** The AMQP connections open now: clients that close what they no longer use keep this small. */
    public int openConnections() {
        return server.openConnections();
    }

    /**
     * The receive links attached now to a partition in a consumer group: the service allows 5 without an epoch, so a
     * reader that leaks links finds out here first.
     */
    public int attachedReceivers(String hub, String consumerGroup, String partitionId) {
        String address =
                (hub + "/ConsumerGroups/" + consumerGroup + "/Partitions/" + partitionId).toLowerCase(Locale.ROOT);
        return server.attachedConsumers(path -> path.toLowerCase(Locale.ROOT).equals(address));
    }

    /**
     * Appends an event directly, without AMQP (fast preloading for benchmarks). {@code sections} must be encoded
     * AMQP sections with at least a body, e.g. a Data section.
     */
    public long appendEncoded(String hub, String partitionId, byte[] sections) {
        return partition(hub, partitionId).append(sections, null, null);
    }

    /**
     * Enforces {@code quota} from now on (e.g. {@code Quota.throughputUnits(1)}), or none with null: a test can throttle
     * a phase and check the outcome at full speed.
     */
    public void quota(Quota quota) {
        throttle.quota(quota);
    }

    /** Appends an event with this body directly, without AMQP (fast preloading); returns its sequence number. */
    public long appendBody(String hub, String partitionId, byte[] body) {
        // An AMQP Data section: descriptor 0x75, then the body as vbin32.
        byte[] section = java.nio.ByteBuffer.allocate(8 + body.length)
                .put(new byte[] {0x00, 0x53, 0x75, (byte) 0xb0})
                .putInt(body.length)
                .put(body)
                .array();
        return appendEncoded(hub, partitionId, section);
    }

    /** Expires the oldest {@code count} events of a partition, as retention would; returns the new begin sequence number. */
    public long expire(String hub, String partitionId, long count) {
        return partition(hub, partitionId).expire(count);
    }

    /** Expires the events of every partition of the hub that were enqueued longer ago than {@code age}. */
    public void expireOlderThan(String hub, Duration age) {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        hub(hub).partitions().forEach(p -> p.expireBefore(cutoff));
    }

    /** Replaces the check applied to {@code jwt} put-tokens (default: accept all). */
    public void jwtValidator(JwtValidator validator) {
        this.jwtValidator = validator == null ? JwtValidator.ACCEPT_ALL : validator;
    }

    public Counters counters() {
        return counters;
    }

    public Faults faults() {
        return faults;
    }

    private Hub hub(String name) {
        Hub hub = store.hub(name);
        if (hub == null) {
            throw new IllegalArgumentException(
                    "No event hub '" + name + "' on this endpoint; it has " + hubNames() + ".");
        }
        return hub;
    }

    private PartitionLog partition(String hub, String partitionId) {
        Hub found = hub(hub);
        PartitionLog log = found.partition(partitionId);
        if (log == null) {
            throw new IllegalArgumentException("Event hub '" + hub + "' has no partition '" + partitionId + "'; it has "
                    + found.partitionCount() + " (0.." + (found.partitionCount() - 1) + ").");
        }
        return log;
    }

    /**
     * The schema registry's namespace for {@code SchemaRegistryClientBuilder.fullyQualifiedNamespace}:
     * {@code localhost:<its HTTPS port>}.
     *
     * @throws IllegalStateException when the endpoint was built without {@code schemaRegistry(...)}
     */
    public String schemaRegistryNamespace() {
        if (registry == null) {
            throw new IllegalStateException(
                    "This endpoint has no schema registry: build it with .schemaRegistry(tls, \"group\").");
        }
        return "localhost:" + registry.port();
    }

    /** The registry's schemas, for tests to look into. */
    public SchemaStore schemas() {
        return schemas;
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
        server.close();
    }

    /** Settings of an endpoint; without any {@code hub(...)} it serves {@code eh1} with 4 partitions. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String keyName = DEFAULT_KEY_NAME;
        private String key = DEFAULT_KEY;
        private String namespace = "emulatorNs1";
        private final Map<String, String> extraKeys = new LinkedHashMap<>();
        private final List<HubConfig> hubs = new ArrayList<>();
        private int maxMessageSize = ServerSettings.DEFAULT_MAX_MESSAGE_SIZE;
        private javax.net.ssl.SSLContext tls;
        private javax.net.ssl.SSLContext registryTls;
        private final List<String> schemaGroups = new ArrayList<>();
        private Quota quota;

        private Builder() {}

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The shared access key the connection string carries and SAS signatures are checked against. */
        public Builder sharedAccessKey(String keyName, String key) {
            this.keyName = keyName;
            this.key = key;
            return this;
        }

        /** Another valid key, e.g. a hub-level policy. */
        public Builder extraKey(String keyName, String key) {
            extraKeys.put(keyName, key);
            return this;
        }

        public Builder hub(String name, int partitionCount, String... consumerGroups) {
            hubs.add(new HubConfig(name, partitionCount, List.of(consumerGroups)));
            return this;
        }

        public Builder config(EmulatorConfig config) {
            namespace = config.namespace();
            hubs.addAll(config.hubs());
            if (config.quota() != null) {
                quota = config.quota();
            }
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Serves AMQP over TLS with this context's certificate (clients that only speak AMQPS, such as the legacy
         * azure-eventhubs SDK, connect to port 5671; give {@code port(5671)} and make them trust the certificate).
         */
        public Builder tls(javax.net.ssl.SSLContext context) {
            this.tls = context;
            return this;
        }

        /**
         * Enforces a throughput quota, e.g. {@code Quota.throughputUnits(1)}: sends beyond it are refused with
         * {@code com.microsoft:server-busy} and receivers are paced to it, as on the service. None by default.
         */
        public Builder quota(Quota quota) {
            this.quota = quota;
            return this;
        }

        /**
         * Serves the Schema Registry's REST API over HTTPS with this context's certificate (the official clients
         * only send tokens over HTTPS), on a port of its own, with these schema groups.
         */
        public Builder schemaRegistry(javax.net.ssl.SSLContext tls, String... groups) {
            this.registryTls = tls;
            this.schemaGroups.addAll(List.of(groups));
            return this;
        }

        public LocalEventHubs start() {
            if (hubs.isEmpty()) {
                hubs.addAll(EmulatorConfig.defaults().hubs());
            }
            try {
                return new LocalEventHubs(this);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Could not start the local Event Hubs endpoint on " + host + ":" + port, e);
            }
        }
    }
}

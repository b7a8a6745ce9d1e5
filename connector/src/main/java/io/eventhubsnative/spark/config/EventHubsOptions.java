package io.eventhubsnative.spark.config;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options of {@code format("eventhubs-native")}, parsed and checked once on the driver (at {@code load()} /
 * {@code start()}) and shipped to executors. Holds only strings, numbers and this package's value classes.
 *
 * <p>Every failure is an {@link IllegalArgumentException} that names the option, says what is wrong and shows a
 * correct value; no message and no {@link #toString()} contains a secret (connection string, key, signature, client
 * secret, certificate password).
 *
 * <p>{@link #parse} cannot tell a stream from a batch read (Spark creates the table before it knows), so the options
 * hold what the user set and the read path supplies its mode's defaults ({@link #STREAM_START}, {@link #BATCH_START});
 * ending positions are kept, and {@link #checkStreaming()} rejects them when a stream starts.
 */
public final class EventHubsOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_CONSUMER_GROUP = "$Default";
    public static final Duration DEFAULT_MAX_TRIGGER_DELAY = Duration.ofMinutes(15);
    public static final boolean DEFAULT_FAIL_ON_DATA_LOSS = true;
    /** Where a stream starts unless a starting position is set: after the last event, at the first trigger. */
    public static final PositionSpec STREAM_START = PositionSpec.latest();
    /** Where a batch read starts unless a starting position is set: the first retained event. */
    public static final PositionSpec BATCH_START = PositionSpec.earliest();
    /** The SDK's default; it allows 1 to 8000. */
    public static final int DEFAULT_PREFETCH_COUNT = 500;
    /**
     * Real-time mode's default: its links stay open through a batch boundary, and what they fetch meanwhile is decoded
     * while Spark writes its offset and commit logs; 100 events (40 ms at 2,500 events/s) keep that work small.
     */
    public static final int DEFAULT_REAL_TIME_PREFETCH_COUNT = 100;

    public static final int MIN_PREFETCH_COUNT = 1;
    public static final int MAX_PREFETCH_COUNT = 8000;
    public static final Duration DEFAULT_RECEIVER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final int MAX_MAX_RETRIES = 100;

    private static final String NAMESPACE_EXAMPLE =
            ".option(\"" + OptionKeys.NAMESPACE + "\", \"myns.servicebus.windows.net\")";

    private final ConnectionString connectionString;
    private final String fullyQualifiedNamespace;
    private final String eventHubName;
    private final String consumerGroup;
    private final AuthSettings auth;
    private final SortedSet<String> partitions;
    private final PositionSpec startingPosition;
    private final SortedMap<String, PositionSpec> startingPositions;
    private final PositionSpec endingPosition;
    private final SortedMap<String, PositionSpec> endingPositions;
    private final Long maxEventsPerTrigger;
    private final Long minEventsPerTrigger;
    private final Duration maxTriggerDelay;
    private final boolean failOnDataLoss;
    private final int prefetchCount;
    private final boolean prefetchCountSet;
    private final Duration receiverTimeout;
    private final Duration operationTimeout;
    private final int maxRetries;
    private final NetworkSettings network;
    private final Long maxEventsPerSecond;
    private final DecodeOptions decode;
    private final EncodeOptions encode;

    private EventHubsOptions(OptionReader options) {
        checkKeys(options);

        String connection = options.string(OptionKeys.CONNECTION_STRING);
        this.connectionString = connection == null ? null : ConnectionString.parse(connection);
        this.auth = AuthSettings.parse(
                options,
                connectionString != null,
                connectionString != null && connectionString.useDevelopmentEmulator());
        this.fullyQualifiedNamespace = namespace(options, connectionString, auth.mode());
        this.eventHubName = eventHubName(options, connectionString);
        String group = options.string(OptionKeys.CONSUMER_GROUP);
        this.consumerGroup = group == null ? DEFAULT_CONSUMER_GROUP : group;

        this.partitions = partitions(options);
        this.startingPosition = position(options, OptionKeys.STARTING_POSITION);
        this.startingPositions = positions(options, OptionKeys.STARTING_POSITIONS, eventHubName);
        this.endingPosition = position(options, OptionKeys.ENDING_POSITION);
        this.endingPositions = positions(options, OptionKeys.ENDING_POSITIONS, eventHubName);

        this.maxEventsPerTrigger = maxEventsPerTrigger(options);
        this.minEventsPerTrigger = options.positiveLong(OptionKeys.MIN_EVENTS_PER_TRIGGER, "10000");
        if (minEventsPerTrigger != null && maxEventsPerTrigger != null && minEventsPerTrigger > maxEventsPerTrigger) {
            throw new IllegalArgumentException(
                    "Options '" + OptionKeys.MIN_EVENTS_PER_TRIGGER + "' (" + minEventsPerTrigger
                            + ") and '" + OptionKeys.MAX_EVENTS_PER_TRIGGER + "' (" + maxEventsPerTrigger
                            + ") conflict: the minimum is "
                            + "above the maximum. Example: .option(\"" + OptionKeys.MIN_EVENTS_PER_TRIGGER
                            + "\", \"10000\").option(\""
                            + OptionKeys.MAX_EVENTS_PER_TRIGGER + "\", \"100000\")");
        }
        this.maxTriggerDelay = options.duration(OptionKeys.MAX_TRIGGER_DELAY, DEFAULT_MAX_TRIGGER_DELAY, false);
        this.failOnDataLoss = options.bool(OptionKeys.FAIL_ON_DATA_LOSS, DEFAULT_FAIL_ON_DATA_LOSS);

        this.prefetchCount = options.intInRange(
                OptionKeys.PREFETCH_COUNT, DEFAULT_PREFETCH_COUNT, MIN_PREFETCH_COUNT, MAX_PREFETCH_COUNT);
        this.prefetchCountSet = options.isSet(OptionKeys.PREFETCH_COUNT);
        this.receiverTimeout = options.duration(OptionKeys.RECEIVER_TIMEOUT, DEFAULT_RECEIVER_TIMEOUT, true);
        this.operationTimeout = options.duration(OptionKeys.OPERATION_TIMEOUT, DEFAULT_OPERATION_TIMEOUT, true);
        this.maxRetries = options.intInRange(OptionKeys.MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, MAX_MAX_RETRIES);
        this.network = NetworkSettings.parse(options);
        this.maxEventsPerSecond = options.positiveLong(OptionKeys.MAX_EVENTS_PER_SECOND, "1000");
        this.decode = DecodeOptions.parse(options);
        this.encode = EncodeOptions.parse(options);
    }

    /** A copy with another decoding (the one with its reader schema looked up) or another prefetch. */
    private EventHubsOptions(EventHubsOptions base, DecodeOptions decode, int prefetchCount) {
        this.connectionString = base.connectionString;
        this.fullyQualifiedNamespace = base.fullyQualifiedNamespace;
        this.eventHubName = base.eventHubName;
        this.consumerGroup = base.consumerGroup;
        this.auth = base.auth;
        this.partitions = base.partitions;
        this.startingPosition = base.startingPosition;
        this.startingPositions = base.startingPositions;
        this.endingPosition = base.endingPosition;
        this.endingPositions = base.endingPositions;
        this.maxEventsPerTrigger = base.maxEventsPerTrigger;
        this.minEventsPerTrigger = base.minEventsPerTrigger;
        this.maxTriggerDelay = base.maxTriggerDelay;
        this.failOnDataLoss = base.failOnDataLoss;
        this.prefetchCount = prefetchCount;
        this.prefetchCountSet = base.prefetchCountSet;
        this.receiverTimeout = base.receiverTimeout;
        this.operationTimeout = base.operationTimeout;
        this.maxRetries = base.maxRetries;
        this.network = base.network;
        this.maxEventsPerSecond = base.maxEventsPerSecond;
        this.decode = decode;
        this.encode = base.encode;
    }

    /** These options decoding as {@code decode} says (the same decoding, with its reader schema looked up). */
    public EventHubsOptions withDecode(DecodeOptions decode) {
        return new EventHubsOptions(this, decode, prefetchCount);
    }

    /** These options for a real-time task's link: prefetching {@link #DEFAULT_REAL_TIME_PREFETCH_COUNT} unless set. */
    public EventHubsOptions forRealTime() {
        return prefetchCountSet ? this : new EventHubsOptions(this, decode, DEFAULT_REAL_TIME_PREFETCH_COUNT);
    }

    /**
     * Parses and checks Spark's options (keys case-insensitive). Ending positions are kept for a batch read and
     * rejected by {@link #checkStreaming()}.
     *
     * @throws IllegalArgumentException naming the first option that is wrong and how to fix it
     */
    public static EventHubsOptions parse(Map<String, String> options) {
        return new EventHubsOptions(new OptionReader(options));
    }

    /** The options of a stream ({@code spark.readStream}): as {@link #parse}, and ending positions are an error. */
    public static EventHubsOptions forStream(Map<String, String> options) {
        EventHubsOptions parsed = parse(options);
        parsed.checkStreaming();
        return parsed;
    }

    /**
     * Fails when an option that only a batch read takes is set.
     *
     * @throws IllegalArgumentException naming the option
     */
    public void checkStreaming() {
        String key = endingPosition != null
                ? OptionKeys.ENDING_POSITION
                : !endingPositions.isEmpty() ? OptionKeys.ENDING_POSITIONS : null;
        if (key != null) {
            throw new IllegalArgumentException("Option '" + key + "' is for batch reads (spark.read) only: a stream "
                    + "(spark.readStream) reads until it is stopped. Remove it; to stop a stream at the events present when it "
                    + "starts, use .trigger(availableNow=True), or read a bounded range with spark.read.format("
                    + "\"eventhubs-native\").");
        }
    }

    private static void checkKeys(OptionReader options) {
        for (String key : options.keys()) {
            String rejection = OptionKeys.rejection(key);
            if (rejection != null) {
                throw new IllegalArgumentException(rejection);
            }
        }
    }

    private static String namespace(OptionReader options, ConnectionString connectionString, AuthMode mode) {
        String given = options.string(OptionKeys.NAMESPACE);
        String namespace = given == null ? null : normalizeNamespace(given);
        if (connectionString != null) {
            if (namespace != null && !namespace.equals(connectionString.fullyQualifiedNamespace())) {
                throw new IllegalArgumentException("Options '" + OptionKeys.NAMESPACE + "' (" + namespace + ") and '"
                        + OptionKeys.CONNECTION_STRING + "' (Endpoint host "
                        + connectionString.fullyQualifiedNamespace()
                        + ") name different namespaces. Remove " + OptionKeys.NAMESPACE
                        + ": the connection string's Endpoint names the namespace.");
            }
            return connectionString.fullyQualifiedNamespace();
        }
        if (namespace == null && !options.isSet(OptionKeys.AUTH) && mode == AuthMode.AZURE_DEFAULT) {
            throw new IllegalArgumentException("No Event Hubs namespace to read from: set option '"
                    + OptionKeys.CONNECTION_STRING + "' to sign in with a SAS key, e.g. .option(\""
                    + OptionKeys.CONNECTION_STRING
                    + "\", \"" + ConnectionString.EXAMPLE + "\"), or option '" + OptionKeys.NAMESPACE
                    + "' to sign in with "
                    + "Microsoft Entra ID, e.g. " + NAMESPACE_EXAMPLE + ".");
        }
        if (namespace == null) {
            throw new IllegalArgumentException(OptionKeys.AUTH + "=" + mode + " needs option '" + OptionKeys.NAMESPACE
                    + "', the fully qualified namespace, e.g. " + NAMESPACE_EXAMPLE + " (or give "
                    + OptionKeys.CONNECTION_STRING + " to sign in with a SAS key).");
        }
        return namespace;
    }

    /** {@code myns.servicebus.windows.net}, with or without {@code sb://} and a trailing slash; a port is kept. */
    static String normalizeNamespace(String value) {
        String text = value.trim();
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            text = text.substring(scheme + 3);
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(0, slash);
        }
        URI uri = null;
        try {
            uri = new URI("sb://" + text);
        } catch (URISyntaxException e) {
            // reported below
        }
        String host = uri == null ? null : uri.getHost();
        if (host == null || host.isEmpty() || !(host.contains(".") || host.equalsIgnoreCase("localhost"))) {
            throw new IllegalArgumentException("Option '" + OptionKeys.NAMESPACE + "' must be the fully qualified "
                    + "namespace, but got '" + value.trim() + "'. Example: " + NAMESPACE_EXAMPLE);
        }
        host = host.toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }

    private static String eventHubName(OptionReader options, ConnectionString connectionString) {
        String name = options.string(OptionKeys.NAME);
        String entityPath = connectionString == null ? null : connectionString.entityPath();
        if (name != null && entityPath != null && !name.equals(entityPath)) {
            throw new IllegalArgumentException("Options '" + OptionKeys.NAME + "' (" + name
                    + ") and the EntityPath of '"
                    + OptionKeys.CONNECTION_STRING + "' (" + entityPath
                    + ") name different event hubs. Remove one of them, or "
                    + "use a namespace-level connection string (without EntityPath) with " + OptionKeys.NAME + ".");
        }
        String hub = name != null ? name : entityPath;
        if (hub == null) {
            throw new IllegalArgumentException("No event hub to read: set option '" + OptionKeys.NAME
                    + "', e.g. .option(\""
                    + OptionKeys.NAME + "\", \"telemetry\")"
                    + (connectionString != null ? ", or use a connection string with EntityPath=<event hub>." : "."));
        }
        if (hub.length() > 256 || !hub.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException((name != null
                            ? "Option '" + OptionKeys.NAME + "'"
                            : "The EntityPath of '" + OptionKeys.CONNECTION_STRING + "'")
                    + " must be an event hub name (letters, digits, '.', '-', '_'), but "
                    + "got '" + hub + "'. Example: .option(\"" + OptionKeys.NAME + "\", \"telemetry\")");
        }
        return hub;
    }

    private static PositionSpec position(OptionReader options, String key) {
        String value = options.string(key);
        return value == null ? null : PositionSpec.parse(key, value);
    }

    private static SortedMap<String, PositionSpec> positions(OptionReader options, String key, String eventHubName) {
        String value = options.string(key);
        return value == null
                ? Collections.unmodifiableSortedMap(new TreeMap<String, PositionSpec>())
                : PositionSpec.parsePerPartition(key, value, eventHubName);
    }

    private static Long maxEventsPerTrigger(OptionReader options) {
        Long max = options.positiveLong(OptionKeys.MAX_EVENTS_PER_TRIGGER, "100000");
        Long legacy = options.positiveLong(OptionKeys.LEGACY_MAX_EVENTS_PER_TRIGGER, "100000");
        if (max != null && legacy != null && !max.equals(legacy)) {
            throw new IllegalArgumentException("Options '" + OptionKeys.MAX_EVENTS_PER_TRIGGER + "' (" + max + ") and '"
                    + OptionKeys.LEGACY_MAX_EVENTS_PER_TRIGGER + "' (" + legacy + ") conflict; keep only '"
                    + OptionKeys.MAX_EVENTS_PER_TRIGGER + "'.");
        }
        return max != null ? max : legacy;
    }

    /** The namespace host, lower-cased, with a port when one is given (e.g. {@code localhost:5673}). */
    public String fullyQualifiedNamespace() {
        return fullyQualifiedNamespace;
    }

    /** The event hub: {@code eventhubs.name}, else the connection string's {@code EntityPath}. */
    public String eventHubName() {
        return eventHubName;
    }

    /** {@code eventhubs.consumerGroup}, {@code $Default} unless set. */
    public String consumerGroup() {
        return consumerGroup;
    }

    public AuthMode authMode() {
        return auth.mode();
    }

    /** The sign-in settings (secrets included; its {@code toString} redacts them). */
    public AuthSettings auth() {
        return auth;
    }

    /** The parsed connection string, or null when signing in with Entra ID. */
    public ConnectionString connectionString() {
        return connectionString;
    }

    /** Whether the connection string says {@code UseDevelopmentEmulator=true} (plain AMQP, no TLS). */
    public boolean useDevelopmentEmulator() {
        return connectionString != null && connectionString.useDevelopmentEmulator();
    }

    /**
     * The connection string for {@code EventHubClientBuilder.connectionString(String)}, with {@code EntityPath} set to
     * {@link #eventHubName()}. Contains the secret: never log it.
     *
     * @throws IllegalStateException when signing in with Entra ID (there is no connection string)
     */
    public String connectionStringForSdk() {
        if (connectionString == null) {
            throw new IllegalStateException(
                    "eventhubs.auth=" + auth.mode() + " signs in with Microsoft Entra ID and has no "
                            + "connection string: build the client from fullyQualifiedNamespace() and a TokenCredential.");
        }
        return connectionString.forEventHub(eventHubName);
    }

    /**
     * The stable identity of the source, {@code <namespace>/<event hub>} lower-cased, for checking that a checkpoint
     * belongs to this event hub.
     */
    public String namespaceAndHub() {
        return (fullyQualifiedNamespace + "/" + eventHubName).toLowerCase(Locale.ROOT);
    }

    /** {@code eventhubs.partitions}: the only partitions to read, by id in partition order; empty to read all. */
    public SortedSet<String> partitions() {
        return partitions;
    }

    private static SortedSet<String> partitions(OptionReader options) {
        String value = options.string(OptionKeys.PARTITIONS);
        SortedSet<String> ids = new TreeSet<>(NumericOrder.INSTANCE);
        if (value == null) {
            return ids;
        }
        for (String id : value.split(",", -1)) {
            String trimmed = id.trim();
            if (!trimmed.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException(
                        "Option '" + OptionKeys.PARTITIONS + "' lists partition ids separated"
                                + " by commas, e.g. .option(\"" + OptionKeys.PARTITIONS + "\", \"0,1,4\"), but got '"
                                + (value.length() <= 60 ? value : value.substring(0, 57) + "...") + "'.");
            }
            ids.add(String.valueOf(Integer.parseInt(trimmed)));
        }
        return Collections.unmodifiableSortedSet(ids);
    }

    /** {@code eventhubs.startingPosition}: where partitions without their own entry start; null when not set. */
    public PositionSpec startingPosition() {
        return startingPosition;
    }

    /** Per-partition starting positions ({@code eventhubs.startingPositions}), by partition id; may be empty. */
    public SortedMap<String, PositionSpec> startingPositions() {
        return startingPositions;
    }

    /**
     * Where a partition starts: its own entry, else {@code eventhubs.startingPosition}, else {@code modeDefault}
     * ({@link #STREAM_START} or {@link #BATCH_START}).
     */
    public PositionSpec startingPosition(String partitionId, PositionSpec modeDefault) {
        PositionSpec own = startingPositions.get(partitionId);
        return own != null ? own : startingPosition != null ? startingPosition : modeDefault;
    }

    /** Whether {@code eventhubs.endingPosition} or {@code eventhubs.endingPositions} is set. */
    public boolean hasEndingPositions() {
        return endingPosition != null || !endingPositions.isEmpty();
    }

    /** The ending position of partitions without their own entry: {@code eventhubs.endingPosition}, else latest. */
    public PositionSpec endingPosition() {
        return endingPosition != null ? endingPosition : PositionSpec.latest();
    }

    /** Per-partition ending positions ({@code eventhubs.endingPositions}); may be empty. */
    public SortedMap<String, PositionSpec> endingPositions() {
        return endingPositions;
    }

    /**
     * Where a batch read of a partition ends: its own entry, else {@code eventhubs.endingPosition}, else latest. The
     * ending position is the first event not read: it resolves like a starting position, so {@code {"sequenceNumber":
     * 100}} reads up to 99 and an enqueued time ends where starting at it would begin.
     */
    public PositionSpec endingPosition(String partitionId) {
        PositionSpec own = endingPositions.get(partitionId);
        return own != null ? own : endingPosition();
    }

    /** The most events per micro-batch, or null for no limit. */
    public Long maxEventsPerTrigger() {
        return maxEventsPerTrigger;
    }

    /** The fewest events worth a micro-batch (waiting at most {@link #maxTriggerDelay()}), or null. */
    public Long minEventsPerTrigger() {
        return minEventsPerTrigger;
    }

    /** How long {@code minEventsPerTrigger} may delay a micro-batch; 15 minutes unless set. */
    public Duration maxTriggerDelay() {
        return maxTriggerDelay;
    }

    /** Whether expired events or vanished partitions fail the query (true unless set). */
    public boolean failOnDataLoss() {
        return failOnDataLoss;
    }

    /** Events each receiver fetches ahead, 1 to 8000; 500 unless set (real-time tasks: {@link #forRealTime}). */
    public int prefetchCount() {
        return prefetchCount;
    }

    /** The longest wait for events a task expects; 30 s unless set. */
    public Duration receiverTimeout() {
        return receiverTimeout;
    }

    /** The timeout of one service operation (management call, link open), per try; 60 s unless set. */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** How often a failed service operation is retried; 3 unless set. */
    public int maxRetries() {
        return maxRetries;
    }

    /** Transport, proxy and custom endpoint address (the proxy password included; its {@code toString} redacts it). */
    public NetworkSettings network() {
        return network;
    }

    /** The sink's cap on events sent per second by a query, split across its tasks; null when uncapped. */
    public Long maxEventsPerSecond() {
        return maxEventsPerSecond;
    }

    /** How to decode the events' bodies on read (Schema Registry Avro), or null to leave them as they are. */
    public DecodeOptions decode() {
        return decode;
    }

    /** How the sink encodes a {@code value} column (Schema Registry Avro), or null when it writes bodies as given. */
    public EncodeOptions encode() {
        return encode;
    }

    /** What besides the sign-in makes a different client, secrets included: for cache keys, which hash it. */
    public String networkKey() {
        return network.clientMaterial();
    }

    /** Every setting, secrets shown as {@code ***}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EventHubsOptions{")
                .append("namespace=")
                .append(fullyQualifiedNamespace)
                .append(", eventHub=")
                .append(eventHubName)
                .append(", consumerGroup=")
                .append(consumerGroup)
                .append(", ")
                .append(auth);
        if (connectionString != null) {
            sb.append(", connectionString=").append(connectionString);
        }
        if (!partitions.isEmpty()) {
            sb.append(", partitions=").append(String.join(",", partitions));
        }
        sb.append(", startingPosition=")
                .append(
                        startingPosition != null
                                ? startingPosition
                                : "default (latest for a stream, earliest in batch)");
        if (!startingPositions.isEmpty()) {
            sb.append(", startingPositions=").append(startingPositions);
        }
        if (hasEndingPositions()) {
            sb.append(", endingPosition=").append(endingPosition());
            if (!endingPositions.isEmpty()) {
                sb.append(", endingPositions=").append(endingPositions);
            }
        }
        sb.append(", maxEventsPerTrigger=").append(maxEventsPerTrigger == null ? "unlimited" : maxEventsPerTrigger);
        if (minEventsPerTrigger != null) {
            sb.append(", minEventsPerTrigger=")
                    .append(minEventsPerTrigger)
                    .append(", maxTriggerDelay=")
                    .append(OptionReader.spark(maxTriggerDelay));
        }
        return sb.append(", failOnDataLoss=")
                .append(failOnDataLoss)
                .append(", prefetchCount=")
                .append(prefetchCount)
                .append(", receiverTimeout=")
                .append(OptionReader.spark(receiverTimeout))
                .append(", operationTimeout=")
                .append(OptionReader.spark(operationTimeout))
                .append(", maxRetries=")
                .append(maxRetries)
                .append(", ")
                .append(network)
                .append(maxEventsPerSecond == null ? "" : ", maxEventsPerSecond=" + maxEventsPerSecond)
                .append(decode == null ? "" : ", " + decode)
                .append(encode == null ? "" : ", " + encode)
                .append('}')
                .toString();
    }
}

package io.eventhubsnative.spark.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every option key of {@code format("eventhubs-native")}, spelled as the documentation spells it. Keys are
 * case-insensitive, as all Spark options are.
 */
public final class OptionKeys {

    public static final String PREFIX = "eventhubs.";

    public static final String CONNECTION_STRING = "eventhubs.connectionString";
    public static final String NAMESPACE = "eventhubs.namespace";
    public static final String NAME = "eventhubs.name";
    public static final String CONSUMER_GROUP = "eventhubs.consumerGroup";

    public static final String AUTH = "eventhubs.auth";
    public static final String TENANT_ID = "eventhubs.tenantId";
    public static final String CLIENT_ID = "eventhubs.clientId";
    public static final String CLIENT_SECRET = "eventhubs.clientSecret";
    public static final String CLIENT_CERTIFICATE_PATH = "eventhubs.clientCertificatePath";
    public static final String CLIENT_CERTIFICATE_PASSWORD = "eventhubs.clientCertificatePassword";
    public static final String AUTHORITY_HOST = "eventhubs.authorityHost";
    public static final String MANAGED_IDENTITY_CLIENT_ID = "eventhubs.managedIdentityClientId";
    public static final String CREDENTIAL_PROVIDER = "eventhubs.credentialProvider";

    public static final String PARTITIONS = "eventhubs.partitions";

    public static final String STARTING_POSITION = "eventhubs.startingPosition";
    public static final String STARTING_POSITIONS = "eventhubs.startingPositions";
    public static final String ENDING_POSITION = "eventhubs.endingPosition";
    public static final String ENDING_POSITIONS = "eventhubs.endingPositions";

    public static final String MAX_EVENTS_PER_TRIGGER = "maxEventsPerTrigger";
    /** The legacy connector's alias of {@link #MAX_EVENTS_PER_TRIGGER}, accepted for migrations. */
    public static final String LEGACY_MAX_EVENTS_PER_TRIGGER = "eventhubs.maxEventsPerTrigger";

    public static final String MIN_EVENTS_PER_TRIGGER = "minEventsPerTrigger";
    public static final String MAX_TRIGGER_DELAY = "maxTriggerDelay";
    public static final String FAIL_ON_DATA_LOSS = "failOnDataLoss";

    public static final String PREFETCH_COUNT = "eventhubs.prefetchCount";
    public static final String RECEIVER_TIMEOUT = "eventhubs.receiverTimeout";
    public static final String OPERATION_TIMEOUT = "eventhubs.operationTimeout";
    public static final String MAX_RETRIES = "eventhubs.maxRetries";

    public static final String TRANSPORT_TYPE = "eventhubs.transportType";
    public static final String PROXY_HOST = "eventhubs.proxy.host";
    public static final String PROXY_PORT = "eventhubs.proxy.port";
    public static final String PROXY_USERNAME = "eventhubs.proxy.username";
    public static final String PROXY_PASSWORD = "eventhubs.proxy.password";
    public static final String PROXY_AUTH_TYPE = "eventhubs.proxy.authType";
    public static final String CUSTOM_ENDPOINT_ADDRESS = "eventhubs.customEndpointAddress";

    public static final String MAX_EVENTS_PER_SECOND = "eventhubs.maxEventsPerSecond";

    public static final String SCHEMA_REGISTRY_NAMESPACE = "eventhubs.schemaRegistry.namespace";
    public static final String SCHEMA_REGISTRY_TRUST_CERTIFICATE = "eventhubs.schemaRegistry.trustCertificate";
    public static final String SCHEMA_REGISTRY_READER_SCHEMA = "eventhubs.schemaRegistry.readerSchema";
    public static final String SCHEMA_REGISTRY_SCHEMA_GROUP = "eventhubs.schemaRegistry.schemaGroup";
    public static final String SCHEMA_REGISTRY_SCHEMA_NAME = "eventhubs.schemaRegistry.schemaName";
    public static final String SCHEMA_REGISTRY_MODE = "eventhubs.schemaRegistry.mode";
    public static final String SCHEMA_REGISTRY_WRITER_SCHEMA = "eventhubs.schemaRegistry.writerSchema";

    /** Every accepted {@code eventhubs.*} key. */
    public static final List<String> EVENTHUBS_KEYS = Collections.unmodifiableList(Arrays.asList(
            CONNECTION_STRING,
            NAMESPACE,
            NAME,
            CONSUMER_GROUP,
            AUTH,
            TENANT_ID,
            CLIENT_ID,
            CLIENT_SECRET,
            CLIENT_CERTIFICATE_PATH,
            CLIENT_CERTIFICATE_PASSWORD,
            AUTHORITY_HOST,
            MANAGED_IDENTITY_CLIENT_ID,
            CREDENTIAL_PROVIDER,
            PARTITIONS,
            STARTING_POSITION,
            STARTING_POSITIONS,
            ENDING_POSITION,
            ENDING_POSITIONS,
            LEGACY_MAX_EVENTS_PER_TRIGGER,
            PREFETCH_COUNT,
            RECEIVER_TIMEOUT,
            OPERATION_TIMEOUT,
            MAX_RETRIES,
            TRANSPORT_TYPE,
            PROXY_HOST,
            PROXY_PORT,
            PROXY_USERNAME,
            PROXY_PASSWORD,
            PROXY_AUTH_TYPE,
            CUSTOM_ENDPOINT_ADDRESS,
            MAX_EVENTS_PER_SECOND,
            SCHEMA_REGISTRY_NAMESPACE,
            SCHEMA_REGISTRY_TRUST_CERTIFICATE,
            SCHEMA_REGISTRY_READER_SCHEMA,
            SCHEMA_REGISTRY_SCHEMA_GROUP,
            SCHEMA_REGISTRY_SCHEMA_NAME,
            SCHEMA_REGISTRY_MODE,
            SCHEMA_REGISTRY_WRITER_SCHEMA));

    /** The keys without the {@code eventhubs.} prefix (Spark-wide names, as Spark's kafka source uses). */
    public static final List<String> SPARK_KEYS = Collections.unmodifiableList(
            Arrays.asList(MAX_EVENTS_PER_TRIGGER, MIN_EVENTS_PER_TRIGGER, MAX_TRIGGER_DELAY, FAIL_ON_DATA_LOSS));

    /** What to do instead of the legacy connector's options that eventhubs-native does not take. */
    private static final Map<String, String> LEGACY_ADVICE = new LinkedHashMap<>();
    /** Options of Spark's kafka source that users carry over, with the option to use here. */
    private static final Map<String, String> KAFKA_ADVICE = new LinkedHashMap<>();

    static {
        String aad = "Microsoft Entra ID sign-in is chosen with " + AUTH + " (servicePrincipal, managedIdentity, "
                + "workloadIdentity, azureDefault, or credentialProvider with " + CREDENTIAL_PROVIDER
                + "=<class name>); "
                + "remove this legacy option.";
        LEGACY_ADVICE.put("eventhubs.useaadauth", aad);
        LEGACY_ADVICE.put("eventhubs.aadauthcallback", aad);
        LEGACY_ADVICE.put("eventhubs.aadauthcallbackparams", aad);
        String dstream = "it only applied to the legacy DStream API; limit micro-batches with " + MAX_EVENTS_PER_TRIGGER
                + ", e.g. .option(\"maxEventsPerTrigger\", \"100000\").";
        LEGACY_ADVICE.put("eventhubs.maxrateperpartition", dstream);
        LEGACY_ADVICE.put("eventhubs.maxratesperpartition", dstream);
        LEGACY_ADVICE.put(
                "eventhubs.useexclusivereceiver",
                "eventhubs-native always uses non-exclusive receivers (no epoch conflicts between queries); remove it.");
        LEGACY_ADVICE.put(
                "eventhubs.threadpoolsize",
                "eventhubs-native shares one AMQP connection per JVM and needs no thread pool setting; remove it.");
        LEGACY_ADVICE.put(
                "eventhubs.maxsilenttime",
                "idle links are handled by the client; tune " + RECEIVER_TIMEOUT + " instead, or remove it.");
        LEGACY_ADVICE.put(
                "eventhubs.dynamicpartitiondiscovery",
                "new partitions are always discovered at every micro-batch; remove it.");
        LEGACY_ADVICE.put(
                "eventhubs.slowpartitionadjustment",
                "maxEventsPerTrigger is split across partitions by backlog without starving any; remove it.");
        LEGACY_ADVICE.put(
                "eventhubs.maxacceptablebatchreceivetime", "there is no slow-partition adjustment to tune; remove it.");
        LEGACY_ADVICE.put(
                "eventhubs.throttlingstatusplugin",
                "plugins are not supported; per-batch figures are in the query's progress (source metrics); remove it.");
        LEGACY_ADVICE.put(
                "eventhubs.metricplugin",
                "plugins are not supported; per-batch figures are in the query's progress (source metrics); remove it.");

        KAFKA_ADVICE.put("maxoffsetspertrigger", MAX_EVENTS_PER_TRIGGER);
        KAFKA_ADVICE.put("minoffsetspertrigger", MIN_EVENTS_PER_TRIGGER);
        KAFKA_ADVICE.put("startingoffsets", STARTING_POSITION + " or " + STARTING_POSITIONS);
        KAFKA_ADVICE.put("endingoffsets", ENDING_POSITION + " or " + ENDING_POSITIONS);
        KAFKA_ADVICE.put("startingtimestamp", STARTING_POSITION + " with {\"enqueuedTime\": \"2026-11-01T00:00:00Z\"}");
    }

    private OptionKeys() {}

    /** Whether a key (any case) belongs to this connector's {@code eventhubs.*} namespace. */
    static boolean isEventHubsKey(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    static boolean isKnownEventHubsKey(String key) {
        return find(EVENTHUBS_KEYS, key) != null || isCredentialProviderOption(key);
    }

    /**
     * Whether a key is an option for the user's token provider: {@code eventhubs.credentialProvider.<name>}, handed to
     * the provider's constructor.
     */
    public static boolean isCredentialProviderOption(String key) {
        String prefix = CREDENTIAL_PROVIDER.toLowerCase(Locale.ROOT) + ".";
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.startsWith(prefix) && lower.length() > prefix.length();
    }

    /**
     * Why a key this connector does not take was rejected, or null if the key is fine (known, or not ours). Keys
     * are user-typed and safe to echo; values never are.
     */
    static String rejection(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (isEventHubsKey(key)) {
            if (isKnownEventHubsKey(key)) {
                return null;
            }
            String legacy = LEGACY_ADVICE.get(lower);
            if (legacy != null) {
                return "Option '" + key + "' of the legacy azure-eventhubs-spark connector is not supported: " + legacy;
            }
            String bare = key.substring(PREFIX.length());
            String spark = find(SPARK_KEYS, bare);
            if (spark != null) {
                return "Unknown option '" + key + "'. This option has no 'eventhubs.' prefix: use '" + spark + "'.";
            }
            String closest = closest(key);
            return "Unknown option '" + key + "'."
                    + (closest != null ? " Did you mean '" + closest + "'?" : "")
                    + " Options of format(\"eventhubs-native\") are " + String.join(", ", EVENTHUBS_KEYS) + ", "
                    + String.join(", ", SPARK_KEYS) + ".";
        }
        String kafka = KAFKA_ADVICE.get(lower);
        if (kafka != null) {
            return "Option '" + key + "' belongs to Spark's kafka source; with format(\"eventhubs-native\") use "
                    + kafka + ".";
        }
        String spark = find(SPARK_KEYS, key) == null ? Spelling.closest(key, SPARK_KEYS, 2) : null;
        return spark == null ? null : "Unknown option '" + key + "'. Did you mean '" + spark + "'?";
    }

    /** The known key closest to a misspelled one, or null when none is close enough to be a likely typo. */
    static String closest(String key) {
        return Spelling.closest(key, EVENTHUBS_KEYS, Math.max(3, key.length() / 3));
    }

    /** The spelling in {@code keys} of {@code key}, compared case-insensitively, or null. */
    static String find(List<String> keys, String key) {
        for (String known : keys) {
            if (known.equalsIgnoreCase(key)) {
                return known;
            }
        }
        return null;
    }
}

package io.eventhubsnative.spark.kafka;

import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.OptionKeys;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Options for Spark's own {@code kafka} source and sink that reach an event hub through the Event Hubs Kafka
 * endpoint, from the same settings {@code eventhubs-native} takes: a connection string signs in with SASL PLAIN
 * ({@code $ConnectionString}), a Microsoft Entra ID mode with OAUTHBEARER through
 * {@link EventHubsOAuthBearerLoginHandler}, which gets tokens for {@code https://<namespace>/.default}.
 *
 * <pre>{@code
 * Map<String, String> kafka = KafkaEndpoint.sourceOptions(Map.of(
 *     "eventhubs.connectionString", connectionString, "eventhubs.name", "telemetry"));
 * spark.readStream().format("kafka").options(kafka).option("startingOffsets", "earliest").load();
 * }</pre>
 *
 * From PySpark: {@code dict(spark._jvm.io.eventhubsnative.spark.kafka.KafkaEndpoint.sourceOptions(settings))}.
 *
 * <p>Positions, limits and consumer groups are the Kafka source's own options ({@code startingOffsets},
 * {@code maxOffsetsPerTrigger}; Spark picks the Kafka group id), so the {@code eventhubs.*} ones are refused here.
 * Any {@code kafka.*} option given is kept as given and wins over the generated one (for example
 * {@code kafka.bootstrap.servers} and {@code kafka.security.protocol} of a local test broker).
 */
public final class KafkaEndpoint {

    /** The Kafka endpoint's port on every namespace. */
    public static final int PORT = 9093;
    /** Prefix of Kafka's classes on the cluster: {@code kafkashaded.} on Databricks, empty elsewhere. */
    public static final String CLASS_PREFIX = "eventhubs.kafka.classPrefix";

    static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    static final String OAUTH_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

    private static final String[] SIGN_IN_KEYS = {
        OptionKeys.CONNECTION_STRING,
        OptionKeys.NAMESPACE,
        OptionKeys.NAME,
        OptionKeys.AUTH,
        OptionKeys.TENANT_ID,
        OptionKeys.CLIENT_ID,
        OptionKeys.CLIENT_SECRET,
        OptionKeys.CLIENT_CERTIFICATE_PATH,
        OptionKeys.CLIENT_CERTIFICATE_PASSWORD,
        OptionKeys.AUTHORITY_HOST,
        OptionKeys.MANAGED_IDENTITY_CLIENT_ID,
        OptionKeys.CREDENTIAL_PROVIDER
    };

    private KafkaEndpoint() {}

    /** Options for {@code spark.readStream().format("kafka")} or {@code spark.read()}: subscribes to the event hub. */
    public static Map<String, String> sourceOptions(Map<String, String> settings) {
        Map<String, String> signIn = signInSettings(settings);
        EventHubsOptions parsed = EventHubsOptions.parse(signIn);
        Map<String, String> options = clientOptions(settings, signIn, parsed);
        options.put("subscribe", parsed.eventHubName());
        return withOverrides(options, settings);
    }

    /** Options for {@code df.write().format("kafka")} or {@code writeStream}: writes to the event hub. */
    public static Map<String, String> sinkOptions(Map<String, String> settings) {
        Map<String, String> signIn = signInSettings(settings);
        EventHubsOptions parsed = EventHubsOptions.parse(signIn);
        Map<String, String> options = clientOptions(settings, signIn, parsed);
        options.put("topic", parsed.eventHubName());
        // The endpoint closes connections for requests above ~1 MB and takes only gzip compression.
        options.put("kafka.max.request.size", "1000000");
        return withOverrides(options, settings);
    }

    private static Map<String, String> clientOptions(
            Map<String, String> settings, Map<String, String> signIn, EventHubsOptions parsed) {
        String prefix = settings.getOrDefault(CLASS_PREFIX, "");
        String host = parsed.fullyQualifiedNamespace().replaceFirst(":\\d+$", "");
        Map<String, String> options = new LinkedHashMap<>();
        options.put("kafka.bootstrap.servers", host + ":" + PORT);
        options.put("kafka.security.protocol", "SASL_SSL");
        if (parsed.authMode().isEntraId()) {
            options.put("kafka.sasl.mechanism", "OAUTHBEARER");
            options.put(
                    "kafka.sasl.jaas.config", prefix + OAUTH_MODULE + " required" + jaasOptions(signIn, parsed) + ";");
            options.put("kafka.sasl.login.callback.handler.class", EventHubsOAuthBearerLoginHandler.class.getName());
        } else {
            options.put("kafka.sasl.mechanism", "PLAIN");
            options.put(
                    "kafka.sasl.jaas.config",
                    prefix + PLAIN_MODULE + " required username=\"$ConnectionString\" password="
                            + quote(parsed.connectionStringForSdk()) + ";");
        }
        // The endpoint's documented limits: requests may wait up to 60 s, idle connections close after 240 s.
        options.put("kafka.request.timeout.ms", "60000");
        options.put("kafka.session.timeout.ms", "30000");
        options.put("kafka.metadata.max.age.ms", "180000");
        options.put("kafka.connections.max.idle.ms", "180000");
        return options;
    }

    /** The sign-in settings (what {@code eventhubs-native} would take), refusing read and write options. */
    private static Map<String, String> signInSettings(Map<String, String> settings) {
        Map<String, String> signIn = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            String key = entry.getKey();
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith("kafka.") || lower.equals(CLASS_PREFIX.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!isSignIn(lower)) {
                throw new IllegalArgumentException(
                        "'" + key + "' is not an option of the Kafka endpoint helpers: they take"
                                + " the event hub's connection and sign-in settings only. Set positions and limits with the kafka source's"
                                + " own options, e.g. .option(\"startingOffsets\", \"earliest\").option(\"maxOffsetsPerTrigger\", 100000).");
            }
            signIn.put(key, entry.getValue());
        }
        return signIn;
    }

    private static boolean isSignIn(String lowerKey) {
        for (String key : SIGN_IN_KEYS) {
            String known = key.toLowerCase(Locale.ROOT);
            if (lowerKey.equals(known)
                    || (key.equals(OptionKeys.CREDENTIAL_PROVIDER) && lowerKey.startsWith(known + "."))) {
                return true;
            }
        }
        return false;
    }

    /** The sign-in settings as JAAS options, read back on every executor by the login handler. */
    private static String jaasOptions(Map<String, String> signInSettings, EventHubsOptions parsed) {
        StringBuilder jaas = new StringBuilder();
        Map<String, String> signIn = new TreeMap<>(signInSettings);
        if (!signIn.containsKey(OptionKeys.CONNECTION_STRING)) {
            signIn.put(OptionKeys.NAMESPACE, parsed.fullyQualifiedNamespace());
        }
        signIn.put(OptionKeys.NAME, parsed.eventHubName());
        for (Map.Entry<String, String> entry : signIn.entrySet()) {
            jaas.append(' ').append(entry.getKey()).append('=').append(quote(entry.getValue()));
        }
        return jaas.toString();
    }

    private static Map<String, String> withOverrides(Map<String, String> options, Map<String, String> settings) {
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).startsWith("kafka.")) {
                options.put(entry.getKey(), entry.getValue());
            }
        }
        return options;
    }

    /** A JAAS option value: double-quoted, with backslashes and quotes escaped. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

package io.eventhubsnative.spark.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The options {@code format("eventhubs-kafka")} hands to the kafka source or sink: what {@link KafkaEndpoint} makes of
 * the {@code eventhubs.*} settings (and any {@code kafka.*} override), plus every other option as given.
 */
final class KafkaEndpointOptions {

    private KafkaEndpointOptions() {}

    static Map<String, String> forRead(Map<String, String> options) {
        return merge(KafkaEndpoint.sourceOptions(signIn(options)), options);
    }

    static Map<String, String> forWrite(Map<String, String> options) {
        return merge(KafkaEndpoint.sinkOptions(signIn(options)), options);
    }

    /** The settings for the helper: {@code eventhubs.*} (which it checks) and {@code kafka.*} (which it keeps). */
    private static Map<String, String> signIn(Map<String, String> options) {
        Map<String, String> settings = new HashMap<>();
        options.forEach((key, value) -> {
            if (isHelperKey(key)) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    private static Map<String, String> merge(Map<String, String> generated, Map<String, String> options) {
        Map<String, String> merged = new HashMap<>(generated);
        options.forEach((key, value) -> {
            if (!isHelperKey(key)) {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static boolean isHelperKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.startsWith("eventhubs.") || lower.startsWith("kafka.");
    }
}

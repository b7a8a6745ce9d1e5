package io.eventhubsnative.spark.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON mapper of the connector, for options, offsets and checkpoint files: strict, so that a duplicated key
 * or trailing text in a user's JSON is an error rather than a silently different position.
 */
public final class Json {

    /** Configured once here; never reconfigure it (it is shared, and thread-safe only as long as it is not). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}
}

package io.eventhubsnative.spark.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Positions as users write them in options: {@code "earliest"}, {@code "latest"} or a JSON object of this connector
 * ({@code {"sequenceNumber": 42, "inclusive": true}}), or the legacy connector's EventPosition JSON, which
 * {@link LegacyPositions} reads. Every error names the option and shows the accepted forms.
 */
final class PositionJson {

    static final String EXAMPLES = "\"earliest\", \"latest\", {\"sequenceNumber\": 42, \"inclusive\": true}, "
            + "{\"offset\": \"1234\"} or {\"enqueuedTime\": \"2026-11-01T00:00:00Z\"}";
    static final String PER_PARTITION_EXAMPLE =
            "{\"0\": {\"sequenceNumber\": 42}, \"1\": \"earliest\", \"2\": {\"enqueuedTime\": \"2026-11-01T00:00:00Z\"}}";

    private static final List<String> KEYS = Arrays.asList(
            PositionSpec.SEQUENCE_NUMBER, PositionSpec.OFFSET, PositionSpec.ENQUEUED_TIME, PositionSpec.INCLUSIVE);
    static final String LEGACY_SEQ_NO = "seqNo";
    static final String LEGACY_INCLUSIVE = "isInclusive";
    private static final List<String> LEGACY_KEYS =
            Arrays.asList(PositionSpec.OFFSET, LEGACY_SEQ_NO, PositionSpec.ENQUEUED_TIME, LEGACY_INCLUSIVE);

    private PositionJson() {}

    /**
     * Parses a position option ({@code eventhubs.startingPosition} or {@code eventhubs.endingPosition}).
     *
     * @param option the option's name, for messages
     * @throws IllegalArgumentException naming the option and showing the accepted forms
     */
    static PositionSpec parse(String option, String value) {
        String text = value == null ? "" : value.trim();
        if (text.equalsIgnoreCase("earliest")) {
            return PositionSpec.earliest();
        }
        if (text.equalsIgnoreCase("latest")) {
            return PositionSpec.latest();
        }
        if (!text.startsWith("{") && !text.startsWith("\"")) {
            throw new IllegalArgumentException(
                    "Option '" + option + "' must be a position: " + EXAMPLES + ", but got '" + shorten(text) + "'.");
        }
        return fromNode(option, "", readJson(option, text, EXAMPLES));
    }

    /**
     * Parses {@code eventhubs.startingPositions} / {@code eventhubs.endingPositions}: a JSON object from partition id
     * to position. A key may also be the legacy connector's {@code {"ehName":"<hub>","partitionId":0}}, whose hub
     * must be {@code eventHubName}.
     *
     * @return the positions by partition id, in partition order
     */
    static SortedMap<String, PositionSpec> parsePerPartition(String option, String json, String eventHubName) {
        JsonNode root = readJson(option, json == null ? "" : json.trim(), PER_PARTITION_EXAMPLE);
        if (!root.isObject()) {
            throw new IllegalArgumentException("Option '" + option + "' must be a JSON object from partition id to "
                    + "position, e.g. " + PER_PARTITION_EXAMPLE + ".");
        }
        SortedMap<String, PositionSpec> positions = new TreeMap<>(NumericOrder.INSTANCE);
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String partitionId = LegacyPositions.partitionId(option, field.getKey(), eventHubName);
            PositionSpec position = fromNode(option, " for partition " + partitionId, field.getValue());
            if (positions.put(partitionId, position) != null) {
                throw new IllegalArgumentException(
                        "Option '" + option + "' gives partition " + partitionId + " twice.");
            }
        }
        return Collections.unmodifiableSortedMap(positions);
    }

    static IllegalArgumentException badPartition(String option, String key) {
        return new IllegalArgumentException("Option '" + option + "' has key '" + shorten(key) + "', which is not a "
                + "partition id (0, 1, 2, ...). Example: " + PER_PARTITION_EXAMPLE + ".");
    }

    private static JsonNode readJson(String option, String text, String example) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("Option '" + option + "' is empty. Example: " + example + ".");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Option '" + option + "' is not valid JSON (" + e.getOriginalMessage()
                    + "). Example: " + example + ".");
        }
    }

    private static PositionSpec fromNode(String option, String where, JsonNode node) {
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (text.equalsIgnoreCase("earliest")) {
                return PositionSpec.earliest();
            }
            if (text.equalsIgnoreCase("latest")) {
                return PositionSpec.latest();
            }
            throw invalid(option, where, "\"" + shorten(text) + "\" is not a position");
        }
        if (!node.isObject()) {
            throw invalid(option, where, shorten(node.toString()) + " is not a position");
        }
        Set<String> keys = new HashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        boolean legacy = keys.contains(LEGACY_SEQ_NO) || keys.contains(LEGACY_INCLUSIVE);
        List<String> allowed = legacy ? LEGACY_KEYS : KEYS;
        for (String key : keys) {
            if (!allowed.contains(key)) {
                throw invalid(
                        option,
                        where,
                        "key '" + key + "' is not part of a position"
                                + (legacy
                                        ? " (legacy EventPosition keys are offset, seqNo, enqueuedTime, isInclusive)"
                                        : " (the keys are sequenceNumber, offset or enqueuedTime, and inclusive)"));
            }
        }
        try {
            return legacy ? LegacyPositions.fromEventPosition(node) : fromNative(node, keys);
        } catch (IllegalArgumentException e) {
            throw invalid(option, where, e.getMessage());
        }
    }

    private static PositionSpec fromNative(JsonNode node, Set<String> keys) {
        int kinds = (keys.contains(PositionSpec.SEQUENCE_NUMBER) ? 1 : 0)
                + (keys.contains(PositionSpec.OFFSET) ? 1 : 0)
                + (keys.contains(PositionSpec.ENQUEUED_TIME) ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("a position has exactly one of sequenceNumber, offset or enqueuedTime");
        }
        boolean inclusive = true;
        if (keys.contains(PositionSpec.INCLUSIVE)) {
            JsonNode value = node.get(PositionSpec.INCLUSIVE);
            if (!value.isBoolean()) {
                throw new IllegalArgumentException("\"inclusive\" is true or false");
            }
            if (keys.contains(PositionSpec.ENQUEUED_TIME)) {
                throw new IllegalArgumentException(
                        "\"inclusive\" applies to sequenceNumber and offset, not enqueuedTime");
            }
            inclusive = value.booleanValue();
        }
        if (keys.contains(PositionSpec.SEQUENCE_NUMBER)) {
            return PositionSpec.fromSequenceNumber(
                    longValue(node.get(PositionSpec.SEQUENCE_NUMBER), PositionSpec.SEQUENCE_NUMBER), inclusive);
        }
        if (keys.contains(PositionSpec.OFFSET)) {
            return PositionSpec.fromOffset(offsetValue(node.get(PositionSpec.OFFSET)), inclusive);
        }
        return PositionSpec.fromEnqueuedTime(instantValue(node.get(PositionSpec.ENQUEUED_TIME)));
    }

    static long longValue(JsonNode value, String key) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.asText().trim().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(value.asText().trim());
        }
        throw new IllegalArgumentException("\"" + key + "\" is a whole number, but got " + shorten(value.toString()));
    }

    static String offsetValue(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        throw new IllegalArgumentException(
                "\"offset\" is a string such as \"1234\", but got " + shorten(value.toString()));
    }

    static Instant instantValue(JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText().trim();
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(text).toInstant();
                } catch (DateTimeParseException e2) {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException("\"enqueuedTime\" is an ISO-8601 time with a zone, e.g. "
                + "\"2026-11-01T00:00:00Z\", but got " + shorten(value.toString()));
    }

    private static IllegalArgumentException invalid(String option, String where, String problem) {
        return new IllegalArgumentException(
                "Option '" + option + "'" + where + ": " + problem + ". A position is " + EXAMPLES + ".");
    }

    static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}

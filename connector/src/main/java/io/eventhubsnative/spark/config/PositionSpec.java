package io.eventhubsnative.spark.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where to start (or end) reading a partition: {@code earliest}, {@code latest}, a sequence number, an offset or an
 * enqueued time. Written in options as {@code "earliest"}, {@code "latest"}, {@code {"sequenceNumber": 42,
 * "inclusive": true}}, {@code {"offset": "1234"}}, {@code {"enqueuedTime": "2026-11-01T00:00:00Z"}}, or the legacy
 * connector's EventPosition JSON {@code {"offset":"-1","seqNo":-1,"enqueuedTime":null,"isInclusive":true}}.
 *
 * <p>Sequence numbers and offsets are inclusive unless {@code "inclusive": false} (the legacy connector's default
 * too); an enqueued time starts at the first event enqueued after it, as the service defines it.
 */
public final class PositionSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of position. */
    public enum Kind {
        EARLIEST,
        LATEST,
        SEQUENCE_NUMBER,
        OFFSET,
        ENQUEUED_TIME
    }

    static final String EXAMPLES = "\"earliest\", \"latest\", {\"sequenceNumber\": 42, \"inclusive\": true}, "
            + "{\"offset\": \"1234\"} or {\"enqueuedTime\": \"2026-11-01T00:00:00Z\"}";
    private static final String PER_PARTITION_EXAMPLE =
            "{\"0\": {\"sequenceNumber\": 42}, \"1\": \"earliest\", \"2\": {\"enqueuedTime\": \"2026-11-01T00:00:00Z\"}}";

    private static final String SEQUENCE_NUMBER = "sequenceNumber";
    private static final String OFFSET = "offset";
    private static final String ENQUEUED_TIME = "enqueuedTime";
    private static final String INCLUSIVE = "inclusive";
    private static final List<String> KEYS = Arrays.asList(SEQUENCE_NUMBER, OFFSET, ENQUEUED_TIME, INCLUSIVE);
    private static final String LEGACY_SEQ_NO = "seqNo";
    private static final String LEGACY_INCLUSIVE = "isInclusive";
    private static final List<String> LEGACY_KEYS =
            Arrays.asList(OFFSET, LEGACY_SEQ_NO, ENQUEUED_TIME, LEGACY_INCLUSIVE);
    /** The legacy connector's offsets for the start and the end of a partition. */
    private static final String LEGACY_START_OF_STREAM = "-1";

    private static final String LEGACY_END_OF_STREAM = "@latest";

    private static final ObjectMapper JSON = Json.MAPPER;

    private static final PositionSpec EARLIEST = new PositionSpec(Kind.EARLIEST, -1L, null, null, true);
    private static final PositionSpec LATEST = new PositionSpec(Kind.LATEST, -1L, null, null, true);

    private final Kind kind;
    private final long sequenceNumber;
    private final String offset;
    private final Instant enqueuedTime;
    private final boolean inclusive;

    private PositionSpec(Kind kind, long sequenceNumber, String offset, Instant enqueuedTime, boolean inclusive) {
        this.kind = kind;
        this.sequenceNumber = sequenceNumber;
        this.offset = offset;
        this.enqueuedTime = enqueuedTime;
        this.inclusive = inclusive;
    }

    /** The first event still retained. */
    public static PositionSpec earliest() {
        return EARLIEST;
    }

    /** After the last event enqueued when the position is resolved. */
    public static PositionSpec latest() {
        return LATEST;
    }

    /** At the event with this sequence number, inclusive. */
    public static PositionSpec fromSequenceNumber(long sequenceNumber) {
        return fromSequenceNumber(sequenceNumber, true);
    }

    public static PositionSpec fromSequenceNumber(long sequenceNumber, boolean inclusive) {
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException("A sequence number is 0 or more, but got " + sequenceNumber);
        }
        return new PositionSpec(Kind.SEQUENCE_NUMBER, sequenceNumber, null, null, inclusive);
    }

    /** At the event with this offset, inclusive. The legacy offsets {@code -1} and {@code @latest} mean earliest and latest. */
    public static PositionSpec fromOffset(String offset) {
        return fromOffset(offset, true);
    }

    public static PositionSpec fromOffset(String offset, boolean inclusive) {
        Objects.requireNonNull(offset, "offset");
        String trimmed = offset.trim();
        if (trimmed.equals(LEGACY_START_OF_STREAM)) {
            return EARLIEST;
        }
        if (trimmed.equalsIgnoreCase(LEGACY_END_OF_STREAM)) {
            return LATEST;
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("An offset is not empty");
        }
        Long numeric = numericOffset(trimmed);
        if (numeric != null && numeric < 0) {
            throw new IllegalArgumentException("An offset is 0 or more (or -1 for earliest), but got " + trimmed);
        }
        if (numeric == null && inclusive) {
            // The SDK can only start after a given offset; an inclusive start needs the numeric offset before it.
            throw new IllegalArgumentException("Offset '" + trimmed + "' is not a number, so it can only be used with "
                    + "\"inclusive\": false (start after that event); or start from its sequence number instead");
        }
        return new PositionSpec(Kind.OFFSET, -1L, numeric != null ? String.valueOf(numeric) : trimmed, null, inclusive);
    }

    /** At the first event enqueued after this time. */
    public static PositionSpec fromEnqueuedTime(Instant enqueuedTime) {
        return new PositionSpec(
                Kind.ENQUEUED_TIME, -1L, null, Objects.requireNonNull(enqueuedTime, "enqueuedTime"), false);
    }

    /**
     * Parses a position option ({@code eventhubs.startingPosition} or {@code eventhubs.endingPosition}).
     *
     * @param option the option's name, for messages
     * @throws IllegalArgumentException naming the option and showing the accepted forms
     */
    public static PositionSpec parse(String option, String value) {
        String text = value == null ? "" : value.trim();
        if (text.equalsIgnoreCase("earliest")) {
            return EARLIEST;
        }
        if (text.equalsIgnoreCase("latest")) {
            return LATEST;
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
    public static SortedMap<String, PositionSpec> parsePerPartition(String option, String json, String eventHubName) {
        JsonNode root = readJson(option, json == null ? "" : json.trim(), PER_PARTITION_EXAMPLE);
        if (!root.isObject()) {
            throw new IllegalArgumentException("Option '" + option + "' must be a JSON object from partition id to "
                    + "position, e.g. " + PER_PARTITION_EXAMPLE + ".");
        }
        SortedMap<String, PositionSpec> positions = new TreeMap<>(NumericOrder.INSTANCE);
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String partitionId = partitionId(option, field.getKey(), eventHubName);
            PositionSpec position = fromNode(option, " for partition " + partitionId, field.getValue());
            if (positions.put(partitionId, position) != null) {
                throw new IllegalArgumentException(
                        "Option '" + option + "' gives partition " + partitionId + " twice.");
            }
        }
        return Collections.unmodifiableSortedMap(positions);
    }

    private static String partitionId(String option, String key, String eventHubName) {
        String id = key.trim();
        if (id.startsWith("{")) {
            JsonNode legacy;
            try {
                legacy = JSON.readTree(id);
            } catch (JsonProcessingException e) {
                legacy = null;
            }
            if (legacy == null || !legacy.isObject() || !legacy.has("partitionId")) {
                throw badPartition(option, key);
            }
            String ehName = legacy.path("ehName").asText(null);
            if (ehName != null && eventHubName != null && !ehName.equalsIgnoreCase(eventHubName)) {
                throw new IllegalArgumentException("Option '" + option + "' has a position for event hub '" + ehName
                        + "', but this query reads event hub '" + eventHubName
                        + "'. Key the positions by partition id, e.g. "
                        + PER_PARTITION_EXAMPLE + ".");
            }
            id = legacy.get("partitionId").asText();
        }
        if (!id.matches("[0-9]{1,9}")) {
            throw badPartition(option, key);
        }
        return String.valueOf(Integer.parseInt(id));
    }

    private static IllegalArgumentException badPartition(String option, String key) {
        return new IllegalArgumentException("Option '" + option + "' has key '" + shorten(key) + "', which is not a "
                + "partition id (0, 1, 2, ...). Example: " + PER_PARTITION_EXAMPLE + ".");
    }

    private static JsonNode readJson(String option, String text, String example) {
        try {
            JsonNode node = JSON.readTree(text);
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
                return EARLIEST;
            }
            if (text.equalsIgnoreCase("latest")) {
                return LATEST;
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
            return legacy ? fromLegacy(node) : fromNative(node, keys);
        } catch (IllegalArgumentException e) {
            throw invalid(option, where, e.getMessage());
        }
    }

    private static PositionSpec fromNative(JsonNode node, Set<String> keys) {
        int kinds = (keys.contains(SEQUENCE_NUMBER) ? 1 : 0)
                + (keys.contains(OFFSET) ? 1 : 0)
                + (keys.contains(ENQUEUED_TIME) ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("a position has exactly one of sequenceNumber, offset or enqueuedTime");
        }
        boolean inclusive = true;
        if (keys.contains(INCLUSIVE)) {
            JsonNode value = node.get(INCLUSIVE);
            if (!value.isBoolean()) {
                throw new IllegalArgumentException("\"inclusive\" is true or false");
            }
            if (keys.contains(ENQUEUED_TIME)) {
                throw new IllegalArgumentException(
                        "\"inclusive\" applies to sequenceNumber and offset, not enqueuedTime");
            }
            inclusive = value.booleanValue();
        }
        if (keys.contains(SEQUENCE_NUMBER)) {
            return fromSequenceNumber(longValue(node.get(SEQUENCE_NUMBER), SEQUENCE_NUMBER), inclusive);
        }
        if (keys.contains(OFFSET)) {
            return fromOffset(offsetValue(node.get(OFFSET)), inclusive);
        }
        return fromEnqueuedTime(instantValue(node.get(ENQUEUED_TIME)));
    }

    /** The legacy connector's precedence: offset, then seqNo (when 0 or more), then enqueuedTime. */
    private static PositionSpec fromLegacy(JsonNode node) {
        boolean inclusive = true;
        JsonNode isInclusive = node.get(LEGACY_INCLUSIVE);
        if (isInclusive != null && !isInclusive.isNull()) {
            if (!isInclusive.isBoolean()) {
                throw new IllegalArgumentException("\"isInclusive\" is true or false");
            }
            inclusive = isInclusive.booleanValue();
        }
        JsonNode offset = node.get(OFFSET);
        if (offset != null && !offset.isNull()) {
            return fromOffset(offsetValue(offset), inclusive);
        }
        JsonNode seqNo = node.get(LEGACY_SEQ_NO);
        if (seqNo != null && !seqNo.isNull()) {
            long value = longValue(seqNo, LEGACY_SEQ_NO);
            if (value >= 0) {
                return fromSequenceNumber(value, inclusive);
            }
            if (value != -1) {
                throw new IllegalArgumentException("\"seqNo\" is 0 or more, or -1 when not set");
            }
        }
        JsonNode enqueuedTime = node.get(ENQUEUED_TIME);
        if (enqueuedTime != null && !enqueuedTime.isNull()) {
            return fromEnqueuedTime(instantValue(enqueuedTime));
        }
        throw new IllegalArgumentException(
                "this legacy EventPosition sets no position (offset, seqNo and enqueuedTime" + " are all unset)");
    }

    private static long longValue(JsonNode value, String key) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.asText().trim().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(value.asText().trim());
        }
        throw new IllegalArgumentException("\"" + key + "\" is a whole number, but got " + shorten(value.toString()));
    }

    private static String offsetValue(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        throw new IllegalArgumentException(
                "\"offset\" is a string such as \"1234\", but got " + shorten(value.toString()));
    }

    private static Instant instantValue(JsonNode value) {
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

    private static Long numericOffset(String offset) {
        if (!offset.matches("-?[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(offset);
    }

    private static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    public Kind kind() {
        return kind;
    }

    /** The sequence number of a {@link Kind#SEQUENCE_NUMBER} position. */
    public long sequenceNumber() {
        checkKind(Kind.SEQUENCE_NUMBER);
        return sequenceNumber;
    }

    /** The offset of an {@link Kind#OFFSET} position. */
    public String offset() {
        checkKind(Kind.OFFSET);
        return offset;
    }

    /** The time of an {@link Kind#ENQUEUED_TIME} position. */
    public Instant enqueuedTime() {
        checkKind(Kind.ENQUEUED_TIME);
        return enqueuedTime;
    }

    /**
     * Whether the event at a sequence number or offset is included. False for an enqueued time (the service starts
     * after it), true for earliest and latest.
     */
    public boolean isInclusive() {
        return inclusive;
    }

    private void checkKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException("Position " + this + " has no "
                    + expected.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " value");
        }
    }

    /** The position in this connector's JSON form; {@link #parse} reads it back to an equal position. */
    public String toJson() {
        switch (kind) {
            case EARLIEST:
                return "\"earliest\"";
            case LATEST:
                return "\"latest\"";
            default:
                break;
        }
        ObjectNode node = JSON.createObjectNode();
        if (kind == Kind.SEQUENCE_NUMBER) {
            node.put(SEQUENCE_NUMBER, sequenceNumber);
            node.put(INCLUSIVE, inclusive);
        } else if (kind == Kind.OFFSET) {
            node.put(OFFSET, offset);
            node.put(INCLUSIVE, inclusive);
        } else {
            node.put(ENQUEUED_TIME, enqueuedTime.toString());
        }
        return node.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PositionSpec)) {
            return false;
        }
        PositionSpec that = (PositionSpec) o;
        return kind == that.kind
                && sequenceNumber == that.sequenceNumber
                && inclusive == that.inclusive
                && Objects.equals(offset, that.offset)
                && Objects.equals(enqueuedTime, that.enqueuedTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, sequenceNumber, offset, enqueuedTime, inclusive);
    }

    @Override
    public String toString() {
        return toJson();
    }
}

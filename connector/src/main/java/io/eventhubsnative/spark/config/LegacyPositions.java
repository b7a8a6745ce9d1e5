package io.eventhubsnative.spark.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The legacy connector's forms, so that its users' options keep working: EventPosition JSON
 * ({@code {"offset":"-1","seqNo":-1,"enqueuedTime":null,"isInclusive":true}}) and per-partition keys
 * ({@code {"ehName":"telemetry","partitionId":0}}).
 */
final class LegacyPositions {

    private LegacyPositions() {}

    /** The legacy connector's precedence: offset, then seqNo (when 0 or more), then enqueuedTime. */
    static PositionSpec fromEventPosition(JsonNode node) {
        boolean inclusive = true;
        JsonNode isInclusive = node.get(PositionJson.LEGACY_INCLUSIVE);
        if (isInclusive != null && !isInclusive.isNull()) {
            if (!isInclusive.isBoolean()) {
                throw new IllegalArgumentException("\"isInclusive\" is true or false");
            }
            inclusive = isInclusive.booleanValue();
        }
        JsonNode offset = node.get(PositionSpec.OFFSET);
        if (offset != null && !offset.isNull()) {
            return PositionSpec.fromOffset(PositionJson.offsetValue(offset), inclusive);
        }
        JsonNode seqNo = node.get(PositionJson.LEGACY_SEQ_NO);
        if (seqNo != null && !seqNo.isNull()) {
            long value = PositionJson.longValue(seqNo, PositionJson.LEGACY_SEQ_NO);
            if (value >= 0) {
                return PositionSpec.fromSequenceNumber(value, inclusive);
            }
            if (value != -1) {
                throw new IllegalArgumentException("\"seqNo\" is 0 or more, or -1 when not set");
            }
        }
        JsonNode enqueuedTime = node.get(PositionSpec.ENQUEUED_TIME);
        if (enqueuedTime != null && !enqueuedTime.isNull()) {
            return PositionSpec.fromEnqueuedTime(PositionJson.instantValue(enqueuedTime));
        }
        throw new IllegalArgumentException(
                "this legacy EventPosition sets no position (offset, seqNo and enqueuedTime" + " are all unset)");
    }

    /**
     * A key of a per-partition option: a partition id, or the legacy {@code {"ehName":"<hub>","partitionId":0}},
     * whose hub must be {@code eventHubName}.
     */
    static String partitionId(String option, String key, String eventHubName) {
        String id = key.trim();
        if (id.startsWith("{")) {
            JsonNode legacy;
            try {
                legacy = Json.MAPPER.readTree(id);
            } catch (JsonProcessingException e) {
                legacy = null;
            }
            if (legacy == null || !legacy.isObject() || !legacy.has("partitionId")) {
                throw PositionJson.badPartition(option, key);
            }
            String ehName = legacy.path("ehName").asText(null);
            if (ehName != null && eventHubName != null && !ehName.equalsIgnoreCase(eventHubName)) {
                throw new IllegalArgumentException("Option '" + option + "' has a position for event hub '" + ehName
                        + "', but this query reads event hub '" + eventHubName
                        + "'. Key the positions by partition id, e.g. "
                        + PositionJson.PER_PARTITION_EXAMPLE + ".");
            }
            id = legacy.get("partitionId").asText();
        }
        if (!id.matches("[0-9]{1,9}")) {
            throw PositionJson.badPartition(option, key);
        }
        return String.valueOf(Integer.parseInt(id));
    }
}

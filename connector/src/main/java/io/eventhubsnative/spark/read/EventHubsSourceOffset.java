package io.eventhubsnative.spark.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventhubsnative.spark.config.Json;
import io.eventhubsnative.spark.config.NumericOrder;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * A stream position: for each partition of one event hub, the sequence number of the next event to read (end-
 * exclusive). Its JSON is the legacy connector's, {@code {"<eventHubName>":{"0":12,"1":7}}} with partitions in numeric
 * order, so a legacy checkpoint resumes here, and equal offsets always have identical JSON (Spark compares offsets by
 * their JSON).
 */
public final class EventHubsSourceOffset extends Offset {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String EXAMPLE = "{\"telemetry\":{\"0\":12,\"1\":7}}";

    private final String eventHubName;
    private final SortedMap<String, Long> sequenceNumbers;
    private final String json;

    /**
     * @param eventHubName the event hub
     * @param sequenceNumbers partition id (decimal, {@code "0"}, {@code "1"}, ...) to the next sequence number to read
     */
    public EventHubsSourceOffset(String eventHubName, Map<String, Long> sequenceNumbers) {
        if (eventHubName == null || eventHubName.isEmpty()) {
            throw new IllegalArgumentException("An offset needs the event hub name");
        }
        Objects.requireNonNull(sequenceNumbers, "sequenceNumbers");
        SortedMap<String, Long> sorted = new TreeMap<>(NumericOrder.INSTANCE);
        for (Map.Entry<String, Long> entry : sequenceNumbers.entrySet()) {
            if (entry.getKey() == null || !isPartitionId(entry.getKey())) {
                throw new IllegalArgumentException("Partition id '" + entry.getKey() + "' of event hub '" + eventHubName
                        + "' is not a decimal number without leading zeros");
            }
            if (entry.getValue() == null || entry.getValue() < 0) {
                throw new IllegalArgumentException("The next sequence number of partition " + entry.getKey()
                        + " of event hub '" + eventHubName + "' must be 0 or more, but is " + entry.getValue());
            }
            sorted.put(entry.getKey(), entry.getValue());
        }
        this.eventHubName = eventHubName;
        this.sequenceNumbers = Collections.unmodifiableSortedMap(sorted);
        this.json = toJson(eventHubName, this.sequenceNumbers);
    }

    /**
     * Reads an offset from its JSON, as this class or the legacy connector wrote it.
     *
     * @throws IllegalArgumentException if the JSON is not exactly one event hub with partition sequence numbers
     */
    public static EventHubsSourceOffset fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw invalid(json, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid(json, "it is not a JSON object");
        }
        if (root.size() != 1) {
            throw invalid(
                    json, "it holds " + root.size() + " event hubs; eventhubs-native reads exactly one per query");
        }
        Map.Entry<String, JsonNode> hub = root.fields().next();
        if (hub.getKey().isEmpty()) {
            throw invalid(json, "the event hub name is empty");
        }
        if (!hub.getValue().isObject()) {
            throw invalid(
                    json,
                    "the value of event hub '" + hub.getKey() + "' is not an object of partition id to "
                            + "sequence number");
        }
        Map<String, Long> sequenceNumbers = new TreeMap<>(NumericOrder.INSTANCE);
        Iterator<Map.Entry<String, JsonNode>> partitions = hub.getValue().fields();
        while (partitions.hasNext()) {
            Map.Entry<String, JsonNode> partition = partitions.next();
            if (!isPartitionId(partition.getKey())) {
                throw invalid(json, "'" + partition.getKey() + "' is not a partition id (0, 1, 2, ...)");
            }
            JsonNode value = partition.getValue();
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw invalid(
                        json,
                        "partition " + partition.getKey() + " has " + value + ", not a sequence number (a whole "
                                + "number, 0 or more)");
            }
            sequenceNumbers.put(partition.getKey(), value.longValue());
        }
        return new EventHubsSourceOffset(hub.getKey(), sequenceNumbers);
    }

    private static boolean isPartitionId(String id) {
        return id.matches("0|[1-9][0-9]{0,8}");
    }

    private static IllegalArgumentException invalid(String json, String problem) {
        String shown = json == null ? "null" : json.length() <= 200 ? json : json.substring(0, 197) + "...";
        return new IllegalArgumentException("Not an eventhubs-native offset: " + problem + ". Expected e.g. " + EXAMPLE
                + " (event hub name to partition id to next sequence number), got: " + shown);
    }

    private static String toJson(String eventHubName, SortedMap<String, Long> sequenceNumbers) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode partitions = root.putObject(eventHubName);
        for (Map.Entry<String, Long> entry : sequenceNumbers.entrySet()) {
            partitions.put(entry.getKey(), entry.getValue());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write offset JSON", e);
        }
    }

    public String eventHubName() {
        return eventHubName;
    }

    /** Partition id to the next sequence number to read, in numeric partition order; unmodifiable. */
    public SortedMap<String, Long> sequenceNumbers() {
        return sequenceNumbers;
    }

    /** The next sequence number of a partition, or null if the offset does not cover it. */
    public Long sequenceNumber(String partitionId) {
        return sequenceNumbers.get(partitionId);
    }

    @Override
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o instanceof EventHubsSourceOffset) {
            EventHubsSourceOffset that = (EventHubsSourceOffset) o;
            return eventHubName.equals(that.eventHubName) && sequenceNumbers.equals(that.sequenceNumbers);
        }
        // As Spark's Offset: equal to any offset with the same JSON (ours is canonical, so this is value equality).
        return o instanceof Offset && json.equals(((Offset) o).json());
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }
}

package io.eventhubsnative.spark.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.SortedMap;

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

    static final String SEQUENCE_NUMBER = "sequenceNumber";
    static final String OFFSET = "offset";
    static final String ENQUEUED_TIME = "enqueuedTime";
    static final String INCLUSIVE = "inclusive";
    /** The legacy connector's offsets for the start and the end of a partition. */
    private static final String LEGACY_START_OF_STREAM = "-1";

    private static final String LEGACY_END_OF_STREAM = "@latest";

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
        return PositionJson.parse(option, value);
    }

    /**
     * Parses {@code eventhubs.startingPositions} / {@code eventhubs.endingPositions}: a JSON object from partition id
     * to position, by partition id in partition order.
     */
    public static SortedMap<String, PositionSpec> parsePerPartition(String option, String json, String eventHubName) {
        return PositionJson.parsePerPartition(option, json, eventHubName);
    }

    private static Long numericOffset(String offset) {
        if (!offset.matches("-?[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(offset);
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
        ObjectNode node = Json.MAPPER.createObjectNode();
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

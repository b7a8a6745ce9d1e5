package io.eventhubsnative.spark.read;

import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import io.eventhubsnative.spark.client.EventHubsErrors;
import io.eventhubsnative.spark.client.EventPositions;
import io.eventhubsnative.spark.client.Interrupts;
import io.eventhubsnative.spark.client.PartitionBounds;
import io.eventhubsnative.spark.config.NumericOrder;
import io.eventhubsnative.spark.config.PositionSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Resolves starting (or a batch read's ending) positions to sequence numbers on the driver, all partitions at once.
 * Earliest, latest and sequence numbers come from the partition bounds; an offset or enqueued time that lies within
 * the retained events is looked up by receiving the first event at that position. A position resolves to the first
 * event a read starting there would return: as an ending position, that is the first event not read.
 */
final class StartingOffsets {

    /** The side of a range that positions are resolved for: names the options in messages. */
    static final String STARTING = "starting";

    static final String ENDING = "ending";

    private StartingOffsets() {}

    static Map<String, Long> resolve(
            Map<String, PartitionBounds> bounds,
            Function<String, PositionSpec> positions,
            EventHubConsumerAsyncClient client,
            Duration timeout) {
        return resolve(bounds, positions, client, timeout, STARTING);
    }

    /** As {@link #resolve(Map, Function, EventHubConsumerAsyncClient, Duration)}, for {@code side}'s options. */
    static Map<String, Long> resolve(
            Map<String, PartitionBounds> bounds,
            Function<String, PositionSpec> positions,
            EventHubConsumerAsyncClient client,
            Duration timeout,
            String side) {
        Map<String, Long> resolved = new TreeMap<>(NumericOrder.INSTANCE);
        Map<String, PositionSpec> lookups = new HashMap<>();
        for (PartitionBounds partition : bounds.values()) {
            PositionSpec position = positions.apply(partition.partitionId());
            Long sequenceNumber = withoutLookup(position, partition, side);
            if (sequenceNumber != null) {
                resolved.put(partition.partitionId(), sequenceNumber);
            } else {
                lookups.put(partition.partitionId(), position);
            }
        }
        if (!lookups.isEmpty()) {
            Interrupts.failIfInterrupted("resolve the " + side + " positions of partitions " + lookups.keySet());
            Map<String, Long> found;
            try {
                found = Flux.fromIterable(lookups.entrySet())
                        .flatMap(
                                e -> firstSequenceNumber(
                                                client, e.getKey(), e.getValue(), bounds.get(e.getKey()), timeout, side)
                                        .map(seq -> new Object[] {e.getKey(), seq}),
                                256)
                        .collectMap(pair -> (String) pair[0], pair -> (Long) pair[1])
                        .block(timeout.plusSeconds(5));
            } catch (RuntimeException e) {
                // A stop while looking positions up must read as an interruption to Spark, not as a failure.
                RuntimeException interrupted = EventHubsErrors.interruption(
                        e, "Interrupted while resolving the " + side + " positions of partitions " + lookups.keySet());
                throw interrupted != null ? interrupted : e;
            }
            resolved.putAll(found);
        }
        return resolved;
    }

    /** The sequence number for positions that need no lookup, or null. */
    private static Long withoutLookup(PositionSpec position, PartitionBounds partition, String side) {
        switch (position.kind()) {
            case EARLIEST:
                return partition.begin();
            case LATEST:
                return partition.end();
            case SEQUENCE_NUMBER:
                long first = position.isInclusive() ? position.sequenceNumber() : position.sequenceNumber() + 1;
                if (first > partition.end()) {
                    // The service refuses such a position too; starting there would silently skip future events.
                    throw new IllegalArgumentException("The " + side + " sequence number " + position.sequenceNumber()
                            + " of partition " + partition.partitionId() + " lies beyond its last event ("
                            + (partition.end() - 1)
                            + "). Set eventhubs." + side + "Position or eventhubs." + side
                            + "Positions to a retained sequence"
                            + " number, e.g. {\"sequenceNumber\": " + Math.max(0, partition.end() - 1)
                            + ", \"inclusive\": true},"
                            + " or to \"latest\".");
                }
                return first;
            case ENQUEUED_TIME:
                if (partition.isEmpty()
                        || position.enqueuedTime().toEpochMilli() >= partition.lastEnqueuedTimeMillis()) {
                    return partition.end();
                }
                return null;
            case OFFSET:
                if (partition.isEmpty()
                        || !isWithin(position.offset(), position.isInclusive(), partition.lastOffset())) {
                    return partition.end();
                }
                return null;
            default:
                throw new IllegalStateException("Unknown position kind " + position.kind());
        }
    }

    /**
     * Whether an event at or after the offset is retained: offsets are byte positions (decimal strings on classic
     * namespaces), so compare them as numbers.
     */
    private static boolean isWithin(String offset, boolean inclusive, String last) {
        try {
            long from = Long.parseLong(offset);
            long lastOffset = Long.parseLong(last);
            return inclusive ? from <= lastOffset : from < lastOffset;
        } catch (NumberFormatException | NullPointerException e) {
            return true; // not comparable: look it up
        }
    }

    /**
     * The sequence number of the first event at the position. The bounds said one exists, so an answer that does not
     * come in time is an error: taking the partition's end instead would skip every event in between, for good once
     * it is in the checkpoint.
     */
    private static Mono<Long> firstSequenceNumber(
            EventHubConsumerAsyncClient client,
            String partitionId,
            PositionSpec position,
            PartitionBounds bounds,
            Duration timeout,
            String side) {
        return client.receiveFromPartition(partitionId, EventPositions.of(position), new ReceiveOptions())
                .take(1)
                .map(event -> event.getData().getSequenceNumber())
                .next()
                .timeout(
                        timeout,
                        Mono.error(() -> new IllegalStateException("Partition " + partitionId + " did not deliver"
                                + " the event at its " + side + " position " + position
                                + " within eventhubs.operationTimeout ("
                                + timeout.getSeconds()
                                + " s), so the position could not be resolved and nothing was read or"
                                + " checkpointed. Restart the query, or raise eventhubs.operationTimeout (e.g. \"120s\") if the"
                                + " namespace is slow.")))
                // Completed without an event: the events after the position expired meanwhile, so none is left to skip.
                .defaultIfEmpty(bounds.end());
    }
}

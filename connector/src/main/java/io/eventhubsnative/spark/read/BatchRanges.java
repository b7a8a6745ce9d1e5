package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.client.PartitionBounds;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NumericOrder;
import io.eventhubsnative.spark.config.OptionKeys;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ranges a batch read plans, from the resolved starting and ending sequence numbers: {@code [start, end)} of
 * each partition, the ending position being the first event not read. An end before the start is an error naming
 * both options; a start below the oldest retained event is data loss, handled per {@code failOnDataLoss}; an end
 * past the events enqueued at planning time is capped there; empty ranges are left out.
 */
final class BatchRanges {

    private BatchRanges() {}

    /**
     * Partition id -> {@code {from, until}} (until exclusive) of the partitions with events to read, sorted by id.
     *
     * @throws IllegalArgumentException when a partition's ending position lies before its starting position
     * @throws IllegalStateException when events of the range expired and {@code failOnDataLoss} is set
     */
    static Map<String, long[]> plan(
            EventHubsOptions options,
            Map<String, PartitionBounds> bounds,
            Map<String, Long> start,
            Map<String, Long> end) {
        Map<String, long[]> ranges = new TreeMap<>(NumericOrder.INSTANCE);
        for (PartitionBounds partition : bounds.values()) {
            String id = partition.partitionId();
            long from = start.get(id);
            long until = Math.min(end.get(id), partition.end());
            if (until < from) {
                throw new IllegalArgumentException("The ending position of partition " + id + " of event hub '"
                        + options.eventHubName() + "' (" + endingOption(options, id) + " = "
                        + options.endingPosition(id).toJson()
                        + ", sequence number " + until + ") lies before its starting position ("
                        + startingOption(options, id)
                        + " = "
                        + options.startingPosition(id, EventHubsOptions.BATCH_START)
                                .toJson() + ", sequence number " + from
                        + "). A batch read returns"
                        + " the events from the starting position up to, not including, the ending position: set "
                        + OptionKeys.ENDING_POSITION + " or " + OptionKeys.ENDING_POSITIONS + " at or after "
                        + OptionKeys.STARTING_POSITION + " or " + OptionKeys.STARTING_POSITIONS + ".");
            }
            long lostUntil = Math.min(partition.begin(), until);
            if (from < lostUntil) {
                DataLoss.report(
                        options,
                        id,
                        from,
                        lostUntil,
                        "Set " + startingOption(options, id) + " to a retained"
                                + " position (e.g. \"earliest\", sequence number " + partition.begin() + " here)");
                from = lostUntil;
            }
            if (until > from) {
                ranges.put(id, new long[] {from, until});
            }
        }
        return ranges;
    }

    private static String startingOption(EventHubsOptions options, String partitionId) {
        return options.startingPositions().containsKey(partitionId)
                ? OptionKeys.STARTING_POSITIONS + "[\"" + partitionId + "\"]"
                : OptionKeys.STARTING_POSITION;
    }

    private static String endingOption(EventHubsOptions options, String partitionId) {
        return options.endingPositions().containsKey(partitionId)
                ? OptionKeys.ENDING_POSITIONS + "[\"" + partitionId + "\"]"
                : OptionKeys.ENDING_POSITION;
    }
}

package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.NumericOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits a micro-batch's event budget ({@code maxEventsPerTrigger}) across partitions in proportion to their
 * backlogs, giving every partition with a backlog at least one event while the budget allows, so none starves.
 */
final class BacklogSplit {

    private BacklogSplit() {}

    /**
     * The end (exclusive) sequence number of each partition for this batch, never past {@code latest}, adding up to
     * at most {@code budget} events beyond {@code start}.
     */
    static Map<String, Long> endOffsets(Map<String, Long> start, Map<String, Long> latest, long budget) {
        Map<String, Long> backlog = new TreeMap<>(NumericOrder.INSTANCE);
        long total = 0;
        for (Map.Entry<String, Long> entry : latest.entrySet()) {
            long from = start.getOrDefault(entry.getKey(), entry.getValue());
            long pending = Math.max(0, entry.getValue() - from);
            backlog.put(entry.getKey(), pending);
            total += pending;
        }
        if (total <= budget) {
            return withGrants(start, latest, backlog, backlog);
        }
        List<String> withBacklog = new ArrayList<>();
        for (Map.Entry<String, Long> entry : backlog.entrySet()) {
            if (entry.getValue() > 0) {
                withBacklog.add(entry.getKey());
            }
        }
        // Largest backlog first; ties in partition order, so the split is deterministic.
        withBacklog.sort(
                Comparator.<String>comparingLong(backlog::get).reversed().thenComparing(NumericOrder.INSTANCE));
        Map<String, Long> grants = new HashMap<>();
        if (budget < withBacklog.size()) {
            for (int i = 0; i < budget; i++) {
                grants.put(withBacklog.get(i), 1L);
            }
            return withGrants(start, latest, backlog, grants);
        }
        // One event each first, so that no partition starves; the rest in proportion to what is left of each backlog.
        long rest = budget - withBacklog.size();
        long restBacklog = total - withBacklog.size();
        long granted = 0;
        for (String partition : withBacklog) {
            long share = restBacklog == 0
                    ? 0
                    : (long) Math.floor((double) rest * (backlog.get(partition) - 1) / restBacklog);
            grants.put(partition, 1 + share);
            granted += share;
        }
        // Rounding down left fewer events than partitions: one more each to the largest unserved backlogs.
        for (int i = 0; granted < rest && i < withBacklog.size(); i++) {
            String partition = withBacklog.get(i);
            if (grants.get(partition) < backlog.get(partition)) {
                grants.put(partition, grants.get(partition) + 1);
                granted++;
            }
        }
        return withGrants(start, latest, backlog, grants);
    }

    private static Map<String, Long> withGrants(
            Map<String, Long> start, Map<String, Long> latest, Map<String, Long> backlog, Map<String, Long> grants) {
        Map<String, Long> end = new TreeMap<>(NumericOrder.INSTANCE);
        for (String partition : backlog.keySet()) {
            long from = start.getOrDefault(partition, latest.get(partition));
            end.put(partition, from + grants.getOrDefault(partition, 0L));
        }
        return end;
    }
}

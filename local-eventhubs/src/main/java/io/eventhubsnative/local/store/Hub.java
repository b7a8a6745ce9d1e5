package io.eventhubsnative.local.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** An event hub: its partitions (which can only grow, as on Premium and Dedicated) and consumer groups. */
public final class Hub {

    public static final String DEFAULT_CONSUMER_GROUP = "$Default";

    private final String name;
    private final Instant createdAt;
    private final Runnable onAppend;
    private final Set<String> consumerGroups =
            Collections.synchronizedSet(new TreeSet<>(String.CASE_INSENSITIVE_ORDER));
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile List<PartitionLog> partitions = List.of();

    Hub(String name, int partitionCount, Iterable<String> consumerGroups, Runnable onAppend) {
        this.name = name;
        this.createdAt = Instant.now();
        this.onAppend = onAppend;
        this.consumerGroups.add(DEFAULT_CONSUMER_GROUP);
        consumerGroups.forEach(this.consumerGroups::add);
        growTo(partitionCount);
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<PartitionLog> partitions() {
        return partitions;
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** The partition with this id, or null when the id is not one of the hub's ("0" .. count-1). */
    public PartitionLog partition(String partitionId) {
        List<PartitionLog> current = partitions;
        for (PartitionLog log : current) {
            if (log.partitionId().equals(partitionId)) {
                return log;
            }
        }
        return null;
    }

    public String[] partitionIds() {
        return partitions.stream().map(PartitionLog::partitionId).toArray(String[]::new);
    }

    public boolean hasConsumerGroup(String consumerGroup) {
        return consumerGroups.contains(consumerGroup);
    }

    public void addConsumerGroup(String consumerGroup) {
        consumerGroups.add(consumerGroup);
    }

    /** Where an event sent to the hub itself goes: by key hash when it has a key, else round robin. */
    public PartitionLog route(String partitionKey) {
        List<PartitionLog> current = partitions;
        int index = partitionKey != null
                ? PartitionKeys.partitionFor(partitionKey, current.size())
                : Math.floorMod(roundRobin.getAndIncrement(), current.size());
        return current.get(index);
    }

    /** Adds partitions up to {@code partitionCount}; existing partitions and their events stay as they are. */
    public synchronized void growTo(int partitionCount) {
        List<PartitionLog> grown = new ArrayList<>(partitions);
        if (partitionCount < grown.size()) {
            throw new IllegalArgumentException("Event hub '" + name + "' has " + grown.size()
                    + " partitions; the partition count can only grow, not shrink to " + partitionCount + ".");
        }
        for (int i = grown.size(); i < partitionCount; i++) {
            grown.add(new PartitionLog(name, Integer.toString(i), onAppend));
        }
        partitions = List.copyOf(grown);
    }

    static String key(String hubName) {
        return hubName.toLowerCase(Locale.ROOT);
    }
}

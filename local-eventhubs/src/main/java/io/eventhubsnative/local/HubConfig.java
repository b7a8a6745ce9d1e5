package io.eventhubsnative.local;

import java.util.List;

/** An event hub to create: name, partition count and consumer groups beyond {@code $Default}. */
public record HubConfig(String name, int partitionCount, List<String> consumerGroups) {

    public HubConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An event hub needs a name, e.g. \"eh1\".");
        }
        if (partitionCount < 1 || partitionCount > 1024) {
            throw new IllegalArgumentException(
                    "Event hub '" + name + "': PartitionCount must be between 1 and 1024, got " + partitionCount + ".");
        }
        consumerGroups = List.copyOf(consumerGroups);
    }
}

package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.client.EventHubsClients;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Shipped to executors with the options (plain strings: credentials are rebuilt there, never serialized). */
final class EventHubsReaderFactory implements PartitionReaderFactory {

    private static final long serialVersionUID = 1L;

    private final EventHubsOptions options;
    private final String reader;
    private final boolean keepLinks;
    private final NextEvents nextEvents;

    private EventHubsReaderFactory(EventHubsOptions options, String reader, boolean keepLinks, NextEvents nextEvents) {
        this.options = options;
        this.reader = reader;
        this.keepLinks = keepLinks;
        this.nextEvents = nextEvents;
    }

    /**
     * Readers of a stream keep their links between micro-batches, and a restart of the query from the same checkpoint
     * finds them again (the pool names them by client and checkpoint, hashed: neither shows in logs).
     */
    static EventHubsReaderFactory forStream(
            EventHubsOptions options, String checkpointLocation, NextEvents nextEvents) {
        String name = EventHubsClients.consumerKey(options) + "\u0000" + checkpointLocation;
        return new EventHubsReaderFactory(
                options,
                UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString(),
                true,
                nextEvents);
    }

    /** Readers of a batch scan read each range once and close their links when done. */
    static EventHubsReaderFactory forBatch(EventHubsOptions options) {
        return new EventHubsReaderFactory(options, UUID.randomUUID().toString(), false, null);
    }

    /** The name under which the pool keeps this factory's links. */
    String reader() {
        return reader;
    }

    @Override
    public EventHubsPartitionReader createReader(InputPartition partition) {
        return new EventHubsPartitionReader(
                options, (EventHubsInputPartition) partition, reader, keepLinks, nextEvents);
    }
}

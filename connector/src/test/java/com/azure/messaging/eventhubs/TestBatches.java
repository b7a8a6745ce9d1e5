package com.azure.messaging.eventhubs;

import com.azure.core.amqp.exception.AmqpErrorContext;

/**
 * Real SDK batches without a connection, for the writer's tests: the SDK makes them only through a producer's link,
 * and its constructor is package-private (hence this package).
 */
public final class TestBatches {

    private TestBatches() {}

    /** An empty batch of at most {@code maxSizeInBytes}, for a partition or (null) for the service to choose. */
    public static EventDataBatch batch(int maxSizeInBytes, String partitionId) {
        return new EventDataBatch(
                maxSizeInBytes,
                partitionId,
                null,
                () -> new AmqpErrorContext("test"),
                EventHubsProducerInstrumentation.NOOP_INSTANCE);
    }
}

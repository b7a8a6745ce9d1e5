package io.eventhubsnative.spark.write;

import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.eventhubsnative.spark.client.EventHubsClients;
import reactor.core.publisher.Mono;

/** What a writer needs of a producer: batches to fill and sends. The JVM's shared SDK producer, leased. */
interface EventSender extends AutoCloseable {

    Mono<EventDataBatch> createBatch(CreateBatchOptions options);

    Mono<Void> send(EventDataBatch batch);

    /** The send failed with {@code error}: if it shows the producer closed for good, later writers get a new one. */
    void failed(Throwable error);

    /** This writer is done with the producer. */
    @Override
    void close();

    /** The leased SDK producer. */
    static EventSender leased(EventHubsClients.Lease<EventHubProducerAsyncClient> lease) {
        return new EventSender() {
            @Override
            public Mono<EventDataBatch> createBatch(CreateBatchOptions options) {
                return lease.client().createBatch(options);
            }

            @Override
            public Mono<Void> send(EventDataBatch batch) {
                return lease.client().send(batch);
            }

            @Override
            public void failed(Throwable error) {
                lease.retireIfBroken(error);
            }

            @Override
            public void close() {
                lease.close();
            }
        };
    }
}

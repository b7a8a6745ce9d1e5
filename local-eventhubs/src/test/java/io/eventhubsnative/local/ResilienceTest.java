package io.eventhubsnative.local;

import static io.eventhubsnative.local.Sdk.bodies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.amqp.implementation.RequestResponseChannelClosedException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults injected into a running endpoint, and what the SDK (5.21.3) recovers from by itself. Findings:
 * <ul>
 *   <li>{@code send(EventDataBatch)} and {@code createBatch()} are retried on a new connection after the connection
 *       drops or is closed with {@code amqp:connection:forced}. A send issued before the SDK noticed the drop fails
 *       once and is retried after the operation back-off, which is the configured delay plus a fixed 4 s.
 *       {@code send(Iterable)} first looks up the send link outside the retry (to size its batches), so right after
 *       a forced close it can fail with the transient "Cannot create send link from a closed session." instead.</li>
 *   <li>{@code $management} calls retry obtaining the management node (so they reconnect), but not the request: a
 *       failed answer such as 503 reaches the caller as a transient AmqpException, and the next call succeeds.
 *       Requests have no try-timeout either; a slow reply is waited for. A call made right after a drop, before
 *       the SDK noticed it, can go to the old connection's channel and fail once with
 *       RequestResponseChannelClosedException (an IllegalStateException, not retried).</li>
 *   <li>A receive stream of {@code EventHubConsumerAsyncClient} does not survive its link going away: the V2
 *       stack's MessageFlux runs with {@code NULL_RETRY_POLICY}, so the stream completes (connection dropped or
 *       closed) or errors (link detached with an error). Callers (EventProcessorClient does this) resubscribe from
 *       the last offset; the synchronous consumer opens a new link per call and simply continues.</li>
 * </ul>
 */
@Timeout(60)
class ResilienceTest extends EndpointTest {

    private String hub;

    @BeforeEach
    void freshHub() {
        hub = newHub("resilience", 1);
    }

    @AfterEach
    void clearFaults() {
        hubs.faults().clear();
    }

    /** A batch through createBatch() and send(batch), the producer calls that the SDK retries end to end. */
    private static EventDataBatch batchOf(EventHubProducerClient producer, String... bodies) {
        EventDataBatch batch = producer.createBatch();
        for (String body : bodies) {
            assertThat(batch.tryAdd(new EventData(body))).isTrue();
        }
        return batch;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T> T afterAtMostOneFailure(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RequestResponseChannelClosedException raced) {
            return call.get();
        } catch (AmqpException raced) {
            assertThat(raced.isTransient()).as(raced.toString()).isTrue();
            return call.get();
        }
    }

    private static Duration timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void producerSendAndManagementRecoverAfterTheConnectionDrops() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            producer.send(batchOf(producer, "before"));
            long connections = hubs.counters().connectionsAccepted();

            hubs.faults().dropConnections();

            // Issued at once, before the SDK noticed the drop: a try on the dead connection fails and is retried on a
            // new one after the 4.1 s back-off (sometimes twice, so this can take ~9 s).
            producer.send(batchOf(producer, "after"));
            assertThat(hubs.counters().connectionsAccepted()).isGreaterThan(connections);
            assertThat(hubs.partitionState(hub, "0").retainedEvents()).isEqualTo(2);

            hubs.faults().dropConnections();
            // A management call racing the SDK's detection of the drop can fail on the old connection's channel
            // ("request response channel is disposed"), since the request is not retried; the next call reconnects.
            assertThat(afterAtMostOneFailure(() -> producer.getPartitionProperties("0"))
                            .getLastEnqueuedSequenceNumber())
                    .isEqualTo(1);
            assertThat(producer.getEventHubProperties().getName()).isEqualTo(hub);
        }
    }

    @Test
    void producerRecoversFromConnectionForced() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            producer.send(batchOf(producer, "before"));
            hubs.faults().closeConnections("amqp:connection:forced", "The connection was closed for a test.");
            producer.send(batchOf(producer, "after"));
            assertThat(hubs.partitionState(hub, "0").retainedEvents()).isEqualTo(2);
            assertThat(producer.getPartitionIds()).containsExactly("0");
        }
    }

    @Test
    void asyncReceiveStreamEndsOnDropAndResumesFromTheLastOffset() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerAsyncClient consumer = Sdk.builder(hubs, hub).buildAsyncConsumerClient()) {
            producer.send(Sdk.events("a", 3));
            String lastOffset;
            try (Receiving first = Receiving.start(consumer.receiveFromPartition("0", EventPosition.earliest()))) {
                first.awaitCount(3);
                hubs.faults().dropConnections();
                // The stream ends (it does not hang, and the SDK does not re-create the link underneath).
                Throwable end = first.awaitEnd();
                assertThat(end == null || end instanceof AmqpException)
                        .as(String.valueOf(end))
                        .isTrue();
                assertThat(first.bodies()).containsExactly("a0", "a1", "a2");
            }
            lastOffset = consumer.receiveFromPartition("0", EventPosition.fromSequenceNumber(2, true))
                    .blockFirst(Sdk.WAIT)
                    .getData()
                    .getOffsetString();

            producer.send(batchOf(producer, "b0", "b1"));
            List<PartitionEvent> resumed = consumer.receiveFromPartition(
                            "0", EventPosition.fromOffsetString(lastOffset))
                    .take(2)
                    .collectList()
                    .block(Sdk.WAIT);
            assertThat(bodies(resumed)).containsExactly("b0", "b1");
        }
    }

    @Test
    void asyncReceiveStreamEndsOnConnectionForced() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerAsyncClient consumer = Sdk.builder(hubs, hub).buildAsyncConsumerClient();
                Receiving receiving = Receiving.start(consumer.receiveFromPartition("0", EventPosition.earliest()))) {
            producer.send(List.of(new EventData("a")));
            receiving.awaitCount(1);
            hubs.faults().closeConnections("amqp:connection:forced", "Closed for a test.");
            Throwable end = receiving.awaitEnd();
            assertThat(end == null || end instanceof AmqpException)
                    .as(String.valueOf(end))
                    .isTrue();
            // The client itself is fine: a new receive works on a new connection.
            assertThat(consumer.receiveFromPartition("0", EventPosition.earliest())
                            .blockFirst(Sdk.WAIT)
                            .getData()
                            .getBodyAsString())
                    .isEqualTo("a");
        }
    }

    @Test
    void detachedReceiveLinkEndsTheStreamWithTheError() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerAsyncClient consumer = Sdk.builder(hubs, hub).buildAsyncConsumerClient();
                Receiving receiving = Receiving.start(consumer.receiveFromPartition("0", EventPosition.earliest()))) {
            producer.send(List.of(new EventData("a")));
            receiving.awaitCount(1);
            hubs.faults()
                    .detachReceiveLinks(
                            address -> address.startsWith(hub + "/"),
                            "com.microsoft:server-busy",
                            "The server is busy.");
            Throwable error = receiving.awaitError();
            assertThat(error).isInstanceOfSatisfying(AmqpException.class, e -> {
                assertThat(e.getErrorCondition()).isEqualTo(AmqpErrorCondition.SERVER_BUSY_ERROR);
                assertThat(e.isTransient()).isTrue();
                assertThat(e.getMessage()).contains("The server is busy.");
            });
        }
    }

    @Test
    void synchronousConsumerContinuesAfterTheConnectionDrops() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient();
                EventHubConsumerClient consumer = Sdk.builder(hubs, hub).buildConsumerClient()) {
            producer.send(Sdk.events("a", 2));
            List<PartitionEvent> first = Sdk.receive(consumer, "0", 2, EventPosition.earliest());
            hubs.faults().dropConnections();
            // The drop happens between calls here: give the SDK a moment to see its sockets close, so that the next
            // calls go straight to new connections instead of failing once on the dead one and backing off for 4 s.
            sleep(500);
            producer.send(batchOf(producer, "b0", "b1"));
            List<PartitionEvent> next = Sdk.receive(
                    consumer,
                    "0",
                    2,
                    EventPosition.fromOffsetString(first.get(1).getData().getOffsetString()));
            assertThat(bodies(next)).containsExactly("b0", "b1");
        }
    }

    @Test
    void failedManagementAnswersReachTheCallerAsTransientErrors() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            producer.getEventHubProperties();
            long before = hubs.counters().managementRequests();
            hubs.faults().failManagement(2, 503, "The service is busy, retry later.");
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> producer.getPartitionProperties("0")).satisfies(error -> {
                    AmqpException amqp = Sdk.amqpCause(error);
                    assertThat(amqp.isTransient()).isTrue();
                    assertThat(amqp.getMessage()).contains("503").contains("The service is busy, retry later.");
                });
            }
            // Exactly the injected number of requests failed; the next one is answered.
            assertThat(producer.getEventHubProperties().getName()).isEqualTo(hub);
            assertThat(hubs.counters().managementRequests() - before).isEqualTo(3);
        }
    }

    @Test
    void managementFailuresWithOtherStatusesMapLikeTheService() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            hubs.faults().failManagement(1, 401, "Unauthorized for a test.");
            assertThatThrownBy(producer::getEventHubProperties)
                    .satisfies(error -> assertThat(Sdk.amqpCause(error).getErrorCondition())
                            .isEqualTo(AmqpErrorCondition.UNAUTHORIZED_ACCESS));
            hubs.faults().failManagement(1, 403, "Quota exceeded for a test.");
            assertThatThrownBy(producer::getEventHubProperties)
                    .satisfies(error -> assertThat(Sdk.amqpCause(error).getErrorCondition())
                            .isEqualTo(AmqpErrorCondition.RESOURCE_LIMIT_EXCEEDED));
            assertThat(producer.getEventHubProperties().getName()).isEqualTo(hub);
        }
    }

    @Test
    void delayedManagementRepliesAreWaitedFor() {
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            producer.getEventHubProperties();
            hubs.faults().delayManagement(Duration.ofSeconds(2));
            assertThat(timed(producer::getEventHubProperties)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            hubs.faults().clear();
            // A margin of seconds: a busy machine slows a call down, but not by the whole delay.
            assertThat(timed(producer::getEventHubProperties)).isLessThan(Duration.ofSeconds(2));
        }
    }
}

package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An outage drops and refuses connections; when it ends, clients reconnect and find the events still there. */
class OutageTest {

    private static final AmqpRetryOptions QUICK = new AmqpRetryOptions()
            .setMode(AmqpRetryMode.FIXED)
            .setMaxRetries(1)
            .setDelay(Duration.ofMillis(200))
            .setTryTimeout(Duration.ofSeconds(2));

    @Test
    void clientsFailDuringAnOutageAndFindTheEventsAfterIt() {
        try (LocalEventHubs hubs = LocalEventHubs.builder().hub("down", 1).start();
                EventHubProducerClient producer = new EventHubClientBuilder()
                        .connectionString(hubs.connectionString("down"))
                        .retryOptions(QUICK)
                        .buildProducerClient();
                EventHubConsumerClient consumer = new EventHubClientBuilder()
                        .connectionString(hubs.connectionString("down"))
                        .consumerGroup("$Default")
                        .retryOptions(QUICK)
                        .buildConsumerClient()) {
            producer.send(List.of(new EventData("before")));

            hubs.faults().outage(true);
            assertThatThrownBy(consumer::getEventHubProperties).isInstanceOf(RuntimeException.class);
            assertThat(hubs.partitionState("down", "0").retainedEvents()).isEqualTo(1);

            hubs.faults().outage(false);
            producer.send(List.of(new EventData("after")));
            assertThat(consumer.getPartitionProperties("0").getLastEnqueuedSequenceNumber())
                    .isEqualTo(1);
        }
    }
}

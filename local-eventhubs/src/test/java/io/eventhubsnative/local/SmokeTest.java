package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {

  @Test
  void sendsAndReceives() {
    try (LocalEventHubs hubs = LocalEventHubs.builder().hub("eh1", 2).start()) {
      EventHubClientBuilder builder = new EventHubClientBuilder().connectionString(hubs.connectionString("eh1"));
      try (EventHubProducerClient producer = builder.buildProducerClient();
          EventHubConsumerClient consumer = builder.consumerGroup("$Default").buildConsumerClient()) {
        assertThat(producer.getPartitionIds()).containsExactly("0", "1");
        EventDataBatch batch = producer.createBatch(new com.azure.messaging.eventhubs.models.CreateBatchOptions().setPartitionId("1"));
        for (int i = 0; i < 10; i++) {
          batch.tryAdd(new EventData("e" + i));
        }
        producer.send(batch);
        List<String> bodies = new ArrayList<>();
        for (PartitionEvent e : consumer.receiveFromPartition("1", 10, EventPosition.earliest(), Duration.ofSeconds(10))) {
          bodies.add(e.getData().getBodyAsString());
        }
        assertThat(bodies).hasSize(10).startsWith("e0");
        assertThat(producer.getPartitionProperties("1").getLastEnqueuedSequenceNumber()).isEqualTo(9);
      }
    }
  }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A steady stream reuses its receive links across micro-batches instead of opening one per batch. */
class LinkReuseTest extends EndToEndTest {

  private static final int PARTITIONS = 2;
  private static final int ROUNDS = 20;

  @Test
  void twentyMicroBatchesOpenEachPartitionLinkAtMostTwice(@TempDir Path dir) {
    String hub = newHub(PARTITIONS);
    StreamingQuery query = toDelta(stream(hub).option("eventhubs.startingPosition", "earliest").load(), dir,
        Trigger.ProcessingTime(0));
    for (int round = 0; round < ROUNDS; round++) {
      sendToEach(hub, PARTITIONS, 3);
      processAll(query);
    }
    assertThat(deltaCount(dir)).isEqualTo((long) ROUNDS * PARTITIONS * 3);
    assertThat(batchSizes(query)).hasSizeGreaterThanOrEqualTo(ROUNDS);
    for (int p = 0; p < PARTITIONS; p++) {
      String address = hub + "/ConsumerGroups/$Default/Partitions/" + p;
      assertThat(hubs.counters().linksAttached(address)).as("links attached to %s", address)
          .isBetween(1L, 2L);
    }
  }
}

package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.eventhubsnative.spark.client.PartitionBounds;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NumericOrder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission control of the stream (maxEventsPerTrigger, minEventsPerTrigger with maxTriggerDelay, AvailableNow) and
 * its data-loss checks, against partitions whose bounds the test sets and a clock the test moves: no service, no
 * waiting.
 */
class EventHubsMicroBatchStreamTest {

    private static final String CONNECTION_STRING = "Endpoint=sb://myns.servicebus.windows.net/;"
            + "SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0;EntityPath=telemetry";

    @TempDir
    Path checkpoint;

    private final Map<String, PartitionBounds> bounds = new TreeMap<>(NumericOrder.INSTANCE);
    private final MovingClock clock = new MovingClock();
    private int fetches;

    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    private void partition(String id, long begin, long end) {
        bounds.put(id, new PartitionBounds(id, begin, end, null, 0));
    }

    private EventHubsMicroBatchStream stream(String... keysAndValues) {
        Map<String, String> options = new HashMap<>();
        options.put("eventhubs.connectionString", CONNECTION_STRING);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new EventHubsMicroBatchStream(
                EventHubsOptions.forStream(options),
                checkpoint.toString(),
                new Configuration(),
                () -> {
                    fetches++;
                    return new TreeMap<>(bounds);
                },
                clock);
    }

    private static EventHubsSourceOffset offset(long p0, long p1) {
        Map<String, Long> positions = new TreeMap<>(NumericOrder.INSTANCE);
        positions.put("0", p0);
        positions.put("1", p1);
        return new EventHubsSourceOffset("telemetry", positions);
    }

    private static Map<String, Long> end(org.apache.spark.sql.connector.read.streaming.Offset offset) {
        return ((EventHubsSourceOffset) offset).sequenceNumbers();
    }

    @Test
    void maxEventsPerTriggerSplitsTheBudgetByBacklog() {
        partition("0", 0, 90);
        partition("1", 0, 10);
        EventHubsMicroBatchStream stream = stream("maxEventsPerTrigger", "20");
        assertThat(end(stream.latestOffset(offset(0, 0), stream.getDefaultReadLimit())))
                .containsEntry("0", 18L)
                .containsEntry("1", 2L);
    }

    @Test
    void minEventsPerTriggerWaitsForEnoughEventsOrForTheDelay() {
        EventHubsMicroBatchStream stream = stream("minEventsPerTrigger", "50", "maxTriggerDelay", "6s");
        ReadLimit limit = stream.getDefaultReadLimit();
        partition("0", 0, 30);
        partition("1", 0, 30);
        // The first batch runs at once.
        EventHubsSourceOffset first = (EventHubsSourceOffset) stream.latestOffset(offset(0, 0), limit);
        assertThat(first.sequenceNumbers()).containsEntry("0", 30L).containsEntry("1", 30L);

        partition("0", 0, 35);
        partition("1", 0, 35);
        clock.advance(Duration.ofSeconds(5));
        assertThat(stream.latestOffset(first, limit))
                .as("10 < 50 events, 5 s < 6 s")
                .isSameAs(first);
        clock.advance(Duration.ofSeconds(1));
        EventHubsSourceOffset delayed = (EventHubsSourceOffset) stream.latestOffset(first, limit);
        assertThat(delayed.sequenceNumbers())
                .as("the delay passed")
                .containsEntry("0", 35L)
                .containsEntry("1", 35L);

        partition("0", 0, 60);
        partition("1", 0, 60);
        clock.advance(Duration.ofMillis(100));
        assertThat(end(stream.latestOffset(delayed, limit)))
                .as("50 events are enough at once")
                .containsEntry("0", 60L)
                .containsEntry("1", 60L);
    }

    @Test
    void compositeLimitsApplyBoth() {
        EventHubsMicroBatchStream stream =
                stream("minEventsPerTrigger", "10", "maxTriggerDelay", "1h", "maxEventsPerTrigger", "30");
        ReadLimit limit = stream.getDefaultReadLimit();
        partition("0", 0, 100);
        partition("1", 0, 100);
        EventHubsSourceOffset first = (EventHubsSourceOffset) stream.latestOffset(offset(0, 0), limit);
        assertThat(first.sequenceNumbers()).containsEntry("0", 15L).containsEntry("1", 15L);
        partition("0", 0, 20);
        partition("1", 0, 15);
        // Only 5 new events: below the minimum, and the delay (1 h) has not passed.
        assertThat(stream.latestOffset(offset(15, 15), limit)).isEqualTo(offset(15, 15));
    }

    @Test
    void availableNowStopsAtTheBacklogOfItsStart() {
        EventHubsMicroBatchStream stream = stream("maxEventsPerTrigger", "10");
        stream.prepareForTriggerAvailableNow();
        ReadLimit limit = stream.getDefaultReadLimit();
        partition("0", 0, 8);
        partition("1", 0, 8);
        EventHubsSourceOffset first = (EventHubsSourceOffset) stream.latestOffset(offset(0, 0), limit);
        assertThat(first.sequenceNumbers()).containsEntry("0", 5L).containsEntry("1", 5L);

        // Events and a partition arriving during the run are left for the next run.
        partition("0", 0, 50);
        partition("1", 0, 50);
        partition("2", 0, 50);
        EventHubsSourceOffset second = (EventHubsSourceOffset) stream.latestOffset(first, limit);
        assertThat(second.sequenceNumbers())
                .containsEntry("0", 8L)
                .containsEntry("1", 8L)
                .containsEntry("2", 0L);
        assertThat(stream.latestOffset(second, limit))
                .as("nothing more in this run")
                .isSameAs(second);
    }

    @Test
    void aPartitionAddedToThePartitionsOptionJoinsAtItsStartingPositionWithNothingToRead() {
        partition("0", 0, 20);
        partition("1", 3, 20);
        EventHubsMicroBatchStream stream =
                stream("eventhubs.partitions", "0,1", "eventhubs.startingPosition", "earliest");
        Map<String, Long> onlyZero = new TreeMap<>(NumericOrder.INSTANCE);
        onlyZero.put("0", 10L);
        EventHubsSourceOffset start = new EventHubsSourceOffset("telemetry", onlyZero);
        EventHubsSourceOffset end = (EventHubsSourceOffset) stream.latestOffset(start, ReadLimit.allAvailable());
        assertThat(end.sequenceNumbers()).containsEntry("0", 20L).containsEntry("1", 3L);
        // Planning gives partition 1 nothing before its starting position, now and when the batch is replayed.
        assertThat(stream.planInputPartitions(start, end))
                .extracting(Object::toString)
                .containsExactly("partition 0 [10, 20)");
    }

    @Test
    void expiredEventsFailTheBatchNamingThemByDefault() {
        partition("0", 7, 20);
        partition("1", 0, 20);
        EventHubsMicroBatchStream stream = stream();
        assertThatThrownBy(() -> stream.latestOffset(offset(2, 0), ReadLimit.allAvailable()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Events [2, 7) of partition 0 of event hub 'telemetry' expired")
                .hasMessageContaining("failOnDataLoss=false");
    }

    @Test
    void withoutFailOnDataLossExpiredEventsAreCountedOnceAndSkipped() {
        partition("0", 7, 20);
        partition("1", 0, 20);
        EventHubsMicroBatchStream stream = stream("failOnDataLoss", "false");
        assertThat(end(stream.latestOffset(offset(2, 0), ReadLimit.allAvailable())))
                .containsEntry("0", 20L);
        // Spark asks again for the same start (e.g. after a restart of the batch): the loss is not counted twice.
        stream.latestOffset(offset(2, 0), ReadLimit.allAvailable());
        assertThat(stream.metrics(Optional.empty())).containsEntry("eventsLost", "5");
    }

    @Test
    void aRealTimeBatchStartsWhereTheLastEndedAndTakesInPartitionsAddedToTheHub() {
        partition("0", 0, 20);
        partition("1", 0, 20);
        partition("2", 0, 5); // added to the hub since the last batch: read from its first event
        EventHubsMicroBatchStream stream = stream();
        assertThat(stream.realTimeStarts(offset(10, 20)))
                .containsExactly(entry("0", 10L), entry("1", 20L), entry("2", 0L));
    }

    @Test
    void aRealTimeBatchTakesInAPartitionAddedToThePartitionsOptionAtItsStartingPosition() {
        partition("0", 0, 20);
        partition("1", 3, 20);
        EventHubsMicroBatchStream stream =
                stream("eventhubs.partitions", "0,1", "eventhubs.startingPosition", "earliest");
        Map<String, Long> onlyZero = new TreeMap<>(NumericOrder.INSTANCE);
        onlyZero.put("0", 10L);
        assertThat(stream.realTimeStarts(new EventHubsSourceOffset("telemetry", onlyZero)))
                .containsExactly(entry("0", 10L), entry("1", 3L));
    }

    @Test
    void aRealTimeBatchReportsEventsThatExpiredBeforeItsStart() {
        partition("0", 7, 20);
        partition("1", 0, 20);
        EventHubsMicroBatchStream stream = stream();
        assertThatThrownBy(() -> stream.realTimeStarts(offset(2, 0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Events [2, 7) of partition 0 of event hub 'telemetry' expired");
    }

    @Test
    void aRealTimeBatchPlansWithTheBoundsItsLatestOffsetJustRead() {
        partition("0", 0, 20);
        partition("1", 0, 20);
        EventHubsMicroBatchStream stream = stream();
        stream.latestOffset(offset(10, 20), ReadLimit.allAvailable());
        assertThat(stream.realTimeStarts(offset(10, 20))).containsEntry("0", 10L);
        assertThat(fetches).as("one management round per batch").isEqualTo(1);
        stream.realTimeStarts(offset(12, 20));
        assertThat(fetches).as("planned without a latestOffset call first").isEqualTo(2);
    }

    @Test
    void aRealTimeBatchPlannedAgainIsTheSamePlanWithoutAnotherManagementRound() {
        partition("0", 0, 20);
        partition("1", 0, 20);
        EventHubsMicroBatchStream stream = stream();
        stream.latestOffset(offset(10, 20), ReadLimit.allAvailable());
        Map<String, Long> first = stream.realTimeStarts(offset(10, 20));
        // Spark 4.1 plans each real-time batch six times, once per copy of its scan node.
        for (int i = 0; i < 5; i++) {
            assertThat(stream.realTimeStarts(offset(10, 20))).isSameAs(first);
        }
        assertThat(fetches)
                .as("management rounds for one batch planned six times")
                .isEqualTo(1);

        // The next batch starts where this one ended, which may be the same start when nothing arrived: it still
        // takes in a partition added to the hub meanwhile.
        partition("2", 0, 5);
        stream.latestOffset(offset(10, 20), ReadLimit.allAvailable());
        assertThat(stream.realTimeStarts(offset(10, 20)))
                .containsExactly(entry("0", 10L), entry("1", 20L), entry("2", 0L));
        assertThat(fetches).isEqualTo(2);
    }

    @Test
    void boundsReadAheadAtTheEndOfARealTimeBatchServeTheNextLatestOffset() {
        partition("0", 0, 20);
        partition("1", 0, 20);
        EventHubsMicroBatchStream stream = stream();
        stream.readBoundsForNextBatch();
        EventHubsSourceOffset latest =
                (EventHubsSourceOffset) stream.latestOffset(offset(10, 20), ReadLimit.allAvailable());
        assertThat(latest.sequenceNumbers()).containsEntry("0", 20L);
        assertThat(fetches).as("the read ahead served latestOffset").isEqualTo(1);
        stream.latestOffset(offset(10, 20), ReadLimit.allAvailable());
        assertThat(fetches).as("a read ahead serves one batch only").isEqualTo(2);
    }

    @Test
    void aReadAheadThatFailedFailsTheNextLatestOffsetWithItsOwnError() {
        partition("0", 0, 20);
        EventHubsMicroBatchStream stream = new EventHubsMicroBatchStream(
                EventHubsOptions.forStream(Collections.singletonMap("eventhubs.connectionString", CONNECTION_STRING)),
                checkpoint.toString(),
                new Configuration(),
                () -> {
                    throw new IllegalStateException("Timed out after 60 s reading the partitions of 'telemetry'");
                },
                clock);
        stream.readBoundsForNextBatch();
        assertThatThrownBy(() -> stream.latestOffset(offset(10, 20), ReadLimit.allAvailable()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Timed out after 60 s reading the partitions of 'telemetry'");
    }
}

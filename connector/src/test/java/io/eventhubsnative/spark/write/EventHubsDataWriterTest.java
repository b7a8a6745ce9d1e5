package io.eventhubsnative.spark.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.TestBatches;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What a writer does when the producer misbehaves in ways the SDK cannot be made to on demand; the paths the
 * service can produce are tested against the local endpoint (SinkTest).
 */
class EventHubsDataWriterTest {

    private static final String KEY = "c2VjcmV0LWtleS12YWx1ZQ==";
    private static final StructType BODY_ONLY = new StructType().add("body", DataTypes.StringType);

    /** A producer whose sends answer as the test says, recording each batch sent. */
    private static final class ScriptedSender implements EventSender {
        final List<EventDataBatch> sent = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();
        final Function<Integer, Mono<Void>> answer;
        boolean closed;

        ScriptedSender(Function<Integer, Mono<Void>> answer) {
            this.answer = answer;
        }

        @Override
        public Mono<EventDataBatch> createBatch(CreateBatchOptions options) {
            return Mono.just(TestBatches.batch(64 * 1024, options.getPartitionId()));
        }

        @Override
        public synchronized Mono<Void> send(EventDataBatch batch) {
            sent.add(batch);
            return answer.apply(sent.size());
        }

        @Override
        public void failed(Throwable error) {
            failures.add(error);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A writer that sends batches only when full or at the commit, so a test sees exactly which batches go out. */
    private static EventHubsDataWriter writer(EventSender sender) {
        return writer(sender, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private static EventHubsDataWriter writer(EventSender sender, long idleNanos, long maxAgeNanos) {
        return writer(sender, idleNanos, maxAgeNanos, null);
    }

    private static EventHubsDataWriter writer(EventSender sender, long idleNanos, long maxAgeNanos, SendPacer pacer) {
        Map<String, String> options = new HashMap<>();
        options.put(
                "eventhubs.connectionString",
                "Endpoint=sb://myns.servicebus.windows.net/;" + "SharedAccessKeyName=send;SharedAccessKey=" + KEY
                        + ";EntityPath=telemetry");
        options.put("eventhubs.operationTimeout", "5s");
        return new EventHubsDataWriter(
                EventHubsOptions.parse(options),
                WriteSchema.of(BODY_ONLY),
                0,
                7L,
                sender,
                idleNanos,
                maxAgeNanos,
                pacer);
    }

    private static void write(EventHubsDataWriter writer, String... bodies) {
        for (String body : bodies) {
            writer.write(new GenericInternalRow(new Object[] {UTF8String.fromString(body)}));
        }
    }

    @Test
    void aBatchRefusedAsServerBusyGoesAgainUntilTheServiceTakesIt() {
        ScriptedSender sender = new ScriptedSender(attempt -> attempt <= 2
                ? Mono.error(new AmqpException(
                        true,
                        AmqpErrorCondition.SERVER_BUSY_ERROR,
                        "The request was terminated because the entity is" + " being throttled.",
                        null))
                : Mono.empty());
        EventHubsDataWriter writer = writer(sender);
        write(writer, "a", "b");
        WriteCommit commit = (WriteCommit) writer.commit();
        writer.close();
        assertThat(commit.events).isEqualTo(2);
        assertThat(sender.sent)
                .as("two refusals, then the send that stored the batch")
                .hasSize(3);
        assertThat(sender.sent.get(2)).isSameAs(sender.sent.get(0));
        assertThat(sender.failures).isEmpty();
    }

    @Test
    void aBatchRefusedByASendLinkClosedUnderneathIsSentOnceMore() {
        ScriptedSender sender = new ScriptedSender(attempt -> attempt == 1
                ? Mono.error(new IllegalStateException("Cannot publish data batch when disposed"))
                : Mono.empty());
        EventHubsDataWriter writer = writer(sender);
        write(writer, "a", "b", "c");
        WriteCommit commit = (WriteCommit) writer.commit();
        writer.close();

        assertThat(sender.sent)
                .hasSize(2)
                .allSatisfy(batch -> assertThat(batch.getCount()).isEqualTo(3));
        assertThat(sender.sent.get(1)).isSameAs(sender.sent.get(0));
        assertThat(commit.events).isEqualTo(3);
        assertThat(sender.failures).isEmpty();
        assertThat(sender.closed).isTrue();
    }

    @Test
    void aProducerClosedForGoodFailsTheTaskClearlyAndIsRetired() {
        IllegalStateException disposed = new IllegalStateException("Cannot publish data batch when disposed");
        ScriptedSender sender = new ScriptedSender(attempt -> Mono.error(disposed));
        EventHubsDataWriter writer = writer(sender);
        write(writer, "a", "b");

        assertThatThrownBy(writer::commit)
                .hasMessageContaining("event hub 'telemetry'")
                .hasMessageContaining("when disposed")
                .satisfies(error -> assertThat(error.toString()).doesNotContain(KEY));
        assertThat(sender.sent).as("the first try and one more").hasSize(2);
        assertThat(sender.failures).containsExactly(disposed);
        writer.close();
        assertThat(sender.closed).isTrue();
    }

    @Test
    void rowsThatStopComingAreSentWithoutWaitingForTheCommit() throws InterruptedException {
        // A real-time task commits only when its batch ends, minutes later: its events must not wait for that.
        ScriptedSender sender = new ScriptedSender(attempt -> Mono.empty());
        EventHubsDataWriter writer = writer(sender, EventHubsDataWriter.IDLE_NANOS, EventHubsDataWriter.MAX_AGE_NANOS);
        write(writer, "a", "b", "c");

        awaitSent(sender, 3);
        WriteCommit commit = (WriteCommit) writer.commit();
        writer.close();
        assertThat(commit.events).isEqualTo(3);
        assertThat(sentEvents(sender)).as("nothing sent twice").isEqualTo(3);
    }

    @Test
    void idleBatchesKeepToMaxEventsPerSecond() throws InterruptedException {
        // A task whose rows come one by one has each sent by the idle flusher; the cap must hold them as it holds
        // full batches: 50 events/s lets one event go every 20 ms, however fast the rows come.
        ScriptedSender sender = new ScriptedSender(attempt -> Mono.empty());
        EventHubsDataWriter writer = writer(
                sender, EventHubsDataWriter.IDLE_NANOS, EventHubsDataWriter.MAX_AGE_NANOS, SendPacer.forTask(50L, 1));
        int events = 11;
        long start = System.nanoTime();
        for (int i = 1; i <= events; i++) {
            write(writer, "event " + i);
            awaitSent(sender, i);
        }
        long elapsed = System.nanoTime() - start;
        WriteCommit commit = (WriteCommit) writer.commit();
        writer.close();

        assertThat(sender.sent).as("each event sent alone, before the commit").hasSize(events);
        assertThat(commit.events).isEqualTo(events);
        assertThat(elapsed)
                .as("nanoseconds to send %d events at 50 a second", events)
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20L * (events - 1)));
    }

    private static void awaitSent(ScriptedSender sender, int events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sentEvents(sender) < events && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(sentEvents(sender)).as("events sent before the commit").isEqualTo(events);
    }

    private static int sentEvents(ScriptedSender sender) {
        synchronized (sender) {
            return sender.sent.stream().mapToInt(EventDataBatch::getCount).sum();
        }
    }
}

package io.eventhubsnative.bench;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import com.azure.messaging.eventhubs.models.EventPosition;
import io.eventhubsnative.local.LocalEventHubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The raw SDK against the local endpoint: sends N events of S bytes in batches, then receives them from every
 * partition at once. Prints events/s for each; these are the ceiling the connector is measured against, and
 * the endpoint's own capacity (goal: at least 100,000 events/s received on 2 cores).
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify}; sizes via {@code -Dbench.events},
 * {@code -Dbench.eventSize}, {@code -Dbench.partitions}, {@code -Dbench.runs}.
 */
public final class SdkBenchmark {

    private SdkBenchmark() {}

    public static void main(String[] args) {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int eventSize = Integer.getInteger("bench.eventSize", 512);
        int partitions = Integer.getInteger("bench.partitions", 8);
        int runs = Integer.getInteger("bench.runs", 3);
        System.out.printf(
                Locale.ROOT,
                "Raw SDK vs local-eventhubs: %,d events x %d B over %d partitions, %d runs, %d cores%n",
                events,
                eventSize,
                partitions,
                runs,
                Runtime.getRuntime().availableProcessors());
        List<double[]> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            try (LocalEventHubs hubs =
                    LocalEventHubs.builder().hub("bench", partitions).start()) {
                double sent = send(hubs, events, eventSize, partitions);
                double received = receive(hubs, events, partitions);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: send %,.0f events/s, receive %,.0f events/s (%.1f MB/s)%n",
                        run,
                        sent,
                        received,
                        received * eventSize / 1e6);
                results.add(new double[] {sent, received});
            }
        }
        double sendMedian = median(results, 0);
        double receiveMedian = median(results, 1);
        System.out.println();
        System.out.println("| workload | median events/s | MB/s |");
        System.out.println("|---|---:|---:|");
        System.out.printf(
                Locale.ROOT,
                "| raw SDK send (batches, %d partitions) | %,.0f | %.1f |%n",
                partitions,
                sendMedian,
                sendMedian * eventSize / 1e6);
        System.out.printf(
                Locale.ROOT,
                "| raw SDK receive (%d partitions at once) | %,.0f | %.1f |%n",
                partitions,
                receiveMedian,
                receiveMedian * eventSize / 1e6);
        System.out.printf(
                Locale.ROOT,
                "Endpoint goal (>= 100,000 events/s received): %s%n",
                receiveMedian >= 100_000 ? "met" : "NOT met");
    }

    static double send(LocalEventHubs hubs, int events, int eventSize, int partitions) {
        byte[] body = new byte[eventSize];
        EventHubProducerAsyncClient producer = new EventHubClientBuilder()
                .connectionString(hubs.connectionString("bench"))
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(30)))
                .buildAsyncProducerClient();
        try {
            long start = System.nanoTime();
            int perPartition = events / partitions;
            // Each partition is filled by its own sequence of full batches; partitions run concurrently.
            Flux.range(0, partitions)
                    .flatMap(
                            p -> fill(
                                    producer,
                                    Integer.toString(p),
                                    p < events % partitions ? perPartition + 1 : perPartition,
                                    i -> new EventData(body)),
                            partitions)
                    .blockLast(Duration.ofMinutes(10));
            return events / ((System.nanoTime() - start) / 1e9);
        } finally {
            producer.close();
        }
    }

    /** Fills one partition with {@code count} events made by {@code event} (given their index), in full batches. */
    static Mono<Void> fill(
            EventHubProducerAsyncClient producer, String partitionId, int count, IntFunction<EventData> event) {
        CreateBatchOptions options = new CreateBatchOptions().setPartitionId(partitionId);
        return Mono.defer(() -> fillFrom(producer, options, 0, count, event)).then();
    }

    private static Mono<Void> fillFrom(
            EventHubProducerAsyncClient producer,
            CreateBatchOptions options,
            int next,
            int count,
            IntFunction<EventData> event) {
        if (next >= count) {
            return Mono.empty();
        }
        return producer.createBatch(options).flatMap(batch -> {
            int added = next;
            while (added < count && batch.tryAdd(event.apply(added))) {
                added++;
            }
            int from = added;
            return producer.send(batch).then(Mono.defer(() -> fillFrom(producer, options, from, count, event)));
        });
    }

    static double receive(LocalEventHubs hubs, int events, int partitions) {
        EventHubConsumerAsyncClient consumer = new EventHubClientBuilder()
                .connectionString(hubs.connectionString("bench"))
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
                .prefetchCount(Integer.getInteger("bench.prefetch", 2000))
                .buildAsyncConsumerClient();
        try {
            long start = System.nanoTime();
            long received = Flux.range(0, partitions)
                    .flatMap(
                            p -> consumer.receiveFromPartition(Integer.toString(p), EventPosition.earliest())
                                    .take(hubs.partitionState("bench", Integer.toString(p))
                                            .retainedEvents()),
                            partitions)
                    .count()
                    .block(Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (received != events) {
                throw new IllegalStateException("Received " + received + " events, expected " + events);
            }
            return events / seconds;
        } finally {
            consumer.close();
        }
    }

    static double median(List<double[]> results, int column) {
        double[] values = results.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}

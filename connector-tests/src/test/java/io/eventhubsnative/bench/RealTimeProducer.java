package io.eventhubsnative.bench;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer of one {@link RealTimeBenchmark} window, in a JVM of its own as a real producer is: its client's garbage
 * then lands on no heap the benchmark measures (the Event Hubs SDK's producer makes about three times as much per event
 * as Kafka's). Sends {@code rate} events/s in 10 ms ticks, each tick to the next partition, then writes when each tick
 * was handed off for sending (epoch microseconds, one long per tick; zero for Kafka, whose records go at creation).
 *
 * <p>Arguments: {@code eventhubs|kafka}, the connection string or bootstrap servers, the hub or topic, the partitions,
 * the rate, the seconds, the file for the hand-off times.
 */
public final class RealTimeProducer {

    private RealTimeProducer() {}

    public static void main(String[] args) throws IOException {
        String address = args[1];
        String name = args[2];
        int partitions = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        long[] handedOff = new long[seconds * 100];
        if (args[0].equals("eventhubs")) {
            eventHubs(address, name, partitions, rate, seconds, handedOff);
        } else {
            kafka(address, name, partitions, rate, seconds);
        }
        try (OutputStream file = Files.newOutputStream(Path.of(args[6]));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
            for (long micros : handedOff) {
                out.writeLong(micros);
            }
        }
    }

    private static void eventHubs(
            String connectionString, String hub, int partitions, int rate, int seconds, long[] handedOff) {
        try (EventHubProducerClient producer = new EventHubClientBuilder()
                .connectionString(connectionString, hub)
                .buildProducerClient()) {
            ticks(rate, seconds, (tick, count) -> {
                EventDataBatch batch =
                        producer.createBatch(new CreateBatchOptions().setPartitionId(Long.toString(tick % partitions)));
                for (int i = 0; i < count; i++) {
                    batch.tryAdd(new EventData(RealTimeBenchmark.stamped(tick)));
                }
                handedOff[(int) tick] = RealTimeBenchmark.nowMicros();
                producer.send(batch);
            });
        }
    }

    private static void kafka(String bootstrap, String topic, int partitions, int rate, int seconds) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            ticks(rate, seconds, (tick, count) -> {
                int partition = (int) (tick % partitions);
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>(topic, partition, null, RealTimeBenchmark.stamped(tick)));
                }
            });
        }
    }

    /** What a producer does in one 10 ms tick. */
    private interface Tick {
        void send(long tick, int count);
    }

    private static void ticks(int rate, int seconds, Tick tick) {
        int perTick = Math.max(1, rate / 100);
        long start = System.nanoTime();
        for (long n = 0; n < seconds * 100L; n++) {
            tick.send(n, perTick);
            long wait = start + (n + 1) * 10_000_000L - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

package io.eventhubsnative.bench;

import io.eventhubsnative.localkafka.LocalKafka;
import java.nio.file.Paths;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's own {@code kafka} source draining the same number and size of records from a local Apache Kafka broker
 * (module {@code local-kafka}, its own JVM, PLAINTEXT listener): the figure the Kafka path reaches on this machine.
 */
final class KafkaDrain implements AutoCloseable {

    static final String TOPIC = "bench";

    private final LocalKafka kafka;

    private KafkaDrain(LocalKafka kafka) {
        this.kafka = kafka;
    }

    /** Starts the broker and preloads {@code events} records of {@code size} bytes spread over the partitions. */
    static KafkaDrain start(int events, int size, int partitions) {
        String home = System.getProperty("localKafka.home");
        if (home == null) {
            throw new IllegalStateException("Set -DlocalKafka.home=local-kafka/target (the benchmark profile does)");
        }
        KafkaDrain drain = new KafkaDrain(
                LocalKafka.start(Paths.get(home), "unused", "unused", "unused", TOPIC + ":" + partitions));
        drain.preload(events, size, partitions);
        return drain;
    }

    private void preload(int events, int size, int partitions) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.plainBootstrap());
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        byte[] value = new byte[size];
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % partitions, null, value));
            }
            producer.flush();
        }
    }

    /** Events/s of an AvailableNow drain into {@code noop} from the earliest record, fresh checkpoint. */
    double drain(SparkSession spark, int events) throws Exception {
        return BenchSpark.drainToNoop(
                spark.readStream()
                        .format("kafka")
                        .option("kafka.bootstrap.servers", kafka.plainBootstrap())
                        .option("subscribe", TOPIC)
                        .option("startingOffsets", "earliest")
                        .load(),
                events);
    }

    @Override
    public void close() {
        kafka.close();
    }
}

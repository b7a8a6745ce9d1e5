package io.eventhubsnative.bench;

import io.eventhubsnative.localkafka.LocalKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

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
    KafkaDrain drain = new KafkaDrain(LocalKafka.start(Paths.get(home), "unused", "unused", "unused",
        TOPIC + ":" + partitions));
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

  /** Events/s from {@code start()} to the end of an AvailableNow drain into {@code noop}, fresh checkpoint. */
  double drain(SparkSession spark, int events) throws Exception {
    Path checkpoint = Files.createTempDirectory("kafka-drain-checkpoint");
    long start = System.nanoTime();
    StreamingQuery query = spark.readStream().format("kafka")
        .option("kafka.bootstrap.servers", kafka.plainBootstrap())
        .option("subscribe", TOPIC)
        .option("startingOffsets", "earliest")
        .load()
        .writeStream()
        .format("noop")
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .start();
    if (!query.awaitTermination(TimeUnit.MINUTES.toMillis(10))) {
      query.stop();
      throw new IllegalStateException("The Kafka drain did not finish within 10 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long rows = 0;
    for (org.apache.spark.sql.streaming.StreamingQueryProgress progress : query.recentProgress()) {
      rows += progress.numInputRows();
    }
    if (rows != events) {
      throw new IllegalStateException("Drained " + rows + " Kafka records, expected " + events);
    }
    return events / seconds;
  }

  @Override
  public void close() {
    kafka.close();
  }
}

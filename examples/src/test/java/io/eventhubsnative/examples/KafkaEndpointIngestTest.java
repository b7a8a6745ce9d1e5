package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.localkafka.LocalKafka;
import io.eventhubsnative.spark.kafka.KafkaEndpoint;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline 6 against a real Kafka broker that signs clients in like the Event Hubs Kafka endpoint. */
class KafkaEndpointIngestTest {

    private static final String KEY_NAME = "RootManageSharedAccessKey";
    private static final String KEY = "ZXhhbXBsZS1rZXk=";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

    private static LocalKafka kafka;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        kafka = LocalKafka.start(
                Paths.get(System.getProperty("localKafka.home")), KEY_NAME, KEY, "https://127.0.0.1", "iot:4");
        spark = Examples.session("kafka-endpoint-test");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        kafka.close();
    }

    /** The same Event Hubs settings as pipeline 1, pointed at the local broker, which has no TLS. */
    private static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(new EventHub(
                        "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=" + KEY_NAME + ";SharedAccessKey=" + KEY, "iot")
                .options());
        settings.put("kafka.bootstrap.servers", kafka.saslBootstrap());
        settings.put("kafka.security.protocol", "SASL_PLAINTEXT");
        return settings;
    }

    private static void send(long count, long start) {
        IotEvents.readings(spark, count, 10, start)
                .select(to_json(struct(col("device"), col("status"), col("timestamp")))
                        .as("value"))
                .write()
                .format("kafka")
                .options(KafkaEndpoint.sinkOptions(settings()))
                .save();
    }

    @Test
    void iotEventsThroughTheKafkaEndpointLandInDeltaOnce(@TempDir Path dir) throws Exception {
        String table = dir.resolve("iot").toString();
        String checkpoint = dir.resolve("checkpoint").toString();
        send(1_000, START);
        KafkaEndpointIngest.start(spark, settings(), table, checkpoint, Trigger.AvailableNow())
                .awaitTermination();
        KafkaEndpointIngest.start(spark, settings(), table, checkpoint, Trigger.AvailableNow())
                .awaitTermination();
        send(300, START + 1_000);
        KafkaEndpointIngest.start(spark, settings(), table, checkpoint, Trigger.AvailableNow())
                .awaitTermination();

        Dataset<Row> rows = spark.read().format("delta").load(table);
        assertThat(rows.count()).isEqualTo(1_300);
        assertThat(rows.select("partition", "offset").distinct().count()).isEqualTo(1_300);
        assertThat(rows.where("device is null or status is null or timestamp is null")
                        .count())
                .isZero();
    }
}

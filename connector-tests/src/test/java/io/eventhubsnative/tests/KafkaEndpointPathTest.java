package io.eventhubsnative.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.localkafka.LocalKafka;
import io.eventhubsnative.spark.kafka.KafkaEndpoint;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka-endpoint path: Spark's own kafka source and sink with the options {@link KafkaEndpoint} makes from
 * Event Hubs settings, against a real Kafka broker that signs clients in as the Event Hubs endpoint does.
 */
class KafkaEndpointPathTest {

    private static final String KEY_NAME = "RootManageSharedAccessKey";
    private static final String KEY = "a2Fma2Eta2V5LXZhbHVl";
    private static final StructType READING =
            new StructType().add("device", DataTypes.StringType).add("status", DataTypes.StringType);

    private static LocalKafka kafka;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // Entra ID tokens are asked for https://<bootstrap host>/.default, so the broker expects that audience.
        kafka = LocalKafka.start(
                Paths.get(System.getProperty("localKafka.home")),
                KEY_NAME,
                KEY,
                "https://127.0.0.1",
                "iot:4",
                "entra:4",
                "denied:1",
                "format:3");
        spark = SparkSessions.shared();
    }

    @AfterAll
    static void stop() {
        SparkSessions.stopActiveQueries();
        kafka.close();
    }

    /** The Event Hubs settings a user has, pointed at the local broker (which has no TLS). */
    private static Map<String, String> sas(String hub, String key) {
        Map<String, String> settings = new HashMap<>();
        settings.put(
                "eventhubs.connectionString",
                "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=" + KEY_NAME + ";SharedAccessKey=" + key);
        settings.put("eventhubs.name", hub);
        settings.put("kafka.bootstrap.servers", kafka.saslBootstrap());
        settings.put("kafka.security.protocol", "SASL_PLAINTEXT");
        return settings;
    }

    private static Map<String, String> entraId(String hub) {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventhubs.namespace", "127.0.0.1");
        settings.put("eventhubs.name", hub);
        settings.put("eventhubs.credentialProvider", FakeJwtProvider.class.getName());
        settings.put("kafka.bootstrap.servers", kafka.saslBootstrap());
        settings.put("kafka.security.protocol", "SASL_PLAINTEXT");
        return settings;
    }

    private static Dataset<Row> readings(int count) {
        return spark.range(count)
                .select(to_json(struct(
                                concat(lit("device-"), col("id").mod(5).cast("string"))
                                        .as("device"),
                                lit("ok").as("status")))
                        .as("value"));
    }

    private static StreamingQuery ingest(Map<String, String> settings, Path dir) throws Exception {
        return ingest(
                spark.readStream()
                        .format("kafka")
                        .options(KafkaEndpoint.sourceOptions(settings))
                        .option("startingOffsets", "earliest")
                        .load(),
                dir);
    }

    /** Kafka records of JSON readings into a Delta table under {@code dir}, with Trigger.AvailableNow. */
    private static StreamingQuery ingest(Dataset<Row> records, Path dir) throws Exception {
        return records.select(from_json(col("value").cast("string"), READING).as("r"), col("partition"), col("offset"))
                .select("r.*", "partition", "offset")
                .writeStream()
                .format("delta")
                .option("checkpointLocation", dir.resolve("checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start(dir.resolve("table").toString());
    }

    @Test
    void sasSignInWritesAndStreamsIntoDeltaOnceAcrossARestart(@TempDir Path dir) throws Exception {
        readings(1_000)
                .write()
                .format("kafka")
                .options(KafkaEndpoint.sinkOptions(sas("iot", KEY)))
                .save();

        ingest(sas("iot", KEY), dir).awaitTermination();
        readings(200)
                .write()
                .format("kafka")
                .options(KafkaEndpoint.sinkOptions(sas("iot", KEY)))
                .save();
        ingest(sas("iot", KEY), dir).awaitTermination();

        Dataset<Row> table =
                spark.read().format("delta").load(dir.resolve("table").toString());
        assertThat(table.count()).isEqualTo(1_200);
        assertThat(table.select("partition", "offset").distinct().count()).isEqualTo(1_200);
        assertThat(table.where("device is null").count()).isZero();
    }

    @Test
    void entraIdSignInGetsTokensForTheNamespaceThroughTheLoginHandler(@TempDir Path dir) throws Exception {
        FakeJwtProvider.ISSUED.clear();
        readings(300)
                .write()
                .format("kafka")
                .options(KafkaEndpoint.sinkOptions(entraId("entra")))
                .save();
        ingest(entraId("entra"), dir).awaitTermination();

        assertThat(spark.read()
                        .format("delta")
                        .load(dir.resolve("table").toString())
                        .count())
                .isEqualTo(300);
        assertThat(FakeJwtProvider.ISSUED).as("tokens from the user's provider").isNotEmpty();
    }

    @Test
    void theEventHubsKafkaFormatTakesTheEventHubsSettingsForTheKafkaSourceAndSink(@TempDir Path dir) throws Exception {
        readings(400)
                .write()
                .format("eventhubs-kafka")
                .options(sas("format", KEY))
                .mode("append")
                .save();

        StreamingQuery query = ingest(
                spark.readStream()
                        .format("eventhubs-kafka")
                        .options(sas("format", KEY))
                        .option("startingOffsets", "earliest")
                        .option("maxOffsetsPerTrigger", 150)
                        .load(),
                dir);
        query.awaitTermination();

        Dataset<Row> table =
                spark.read().format("delta").load(dir.resolve("table").toString());
        assertThat(table.count()).isEqualTo(400);
        assertThat(table.select("partition", "offset").distinct().count()).isEqualTo(400);
        assertThat(query.recentProgress())
                .as("maxOffsetsPerTrigger reached the kafka source")
                .hasSizeGreaterThan(2);
        assertThat(query.lastProgress().sources()[0].description()).contains("format");
    }

    @Test
    void theEventHubsKafkaFormatRefusesEventHubsPositionsNamingTheKafkaOption() {
        Map<String, String> settings = sas("format", KEY);
        settings.put("eventhubs.startingPosition", "earliest");
        assertThatThrownBy(() -> spark.readStream()
                        .format("eventhubs-kafka")
                        .options(settings)
                        .load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.startingPosition")
                .hasMessageContaining("startingOffsets");
    }

    @Test
    void aWrongKeyFailsWithAnAuthenticationErrorThatShowsNoKey() {
        String wrong = "d3Jvbmcta2V5LXZhbHVl";
        assertThatThrownBy(() -> readings(1)
                        .write()
                        .format("kafka")
                        .options(KafkaEndpoint.sinkOptions(sas("denied", wrong)))
                        .option("kafka.max.block.ms", "15000")
                        .save())
                .satisfies(error -> {
                    String text = EndToEndTest.fullText(error);
                    assertThat(text).containsIgnoringCase("authentication failed");
                    EndToEndTest.assertNoSecret(text, wrong);
                });
    }
}

package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Pipeline 8: Avro telemetry of the Azure Schema Registry (what producers write with the official serializers) ->
 * decoded on read -> a Delta table; and the hot readings back to another hub as Avro of a registered schema, which
 * consumers decode with the same serializers. No schema is copied into the job: the reader schema is the newest one
 * registered as {@link #READING} in the group, the writer schema is registered when the write starts.
 *
 * <pre>
 * EVENTHUBS_CONNECTION_STRING=... EVENTHUB_NAME=telemetry java ... io.eventhubsnative.examples.AvroTelemetry /lake/readings /lake/_checkpoints/readings
 * </pre>
 */
public final class AvroTelemetry {

    /** The producers' schema: its full name in the registry. */
    public static final String READING = "iot.Reading";
    /** What the hot readings are written as. */
    public static final String HOT_READING = "{\"type\":\"record\",\"name\":\"HotReading\",\"namespace\":\"iot\","
            + "\"fields\":[{\"name\":\"device\",\"type\":\"string\"},{\"name\":\"temperature\",\"type\":\"double\"},"
            + "{\"name\":\"sequenceNumber\",\"type\":\"long\"}]}";

    private AvroTelemetry() {}

    /**
     * Where the registry is and how to trust it: empty on Azure (the namespace's registry, its public certificate); the
     * local endpoint's host and certificate here.
     */
    public record Registry(String group, Map<String, String> options) {}

    /** The readings, decoded by the schema id each event carries, read as the newest registered {@link #READING}. */
    public static Dataset<Row> readings(SparkSession spark, EventHub hub, Registry registry) {
        return hub.readStream(spark)
                .options(registry.options())
                .option("eventhubs.schemaRegistry.schemaGroup", registry.group())
                .option("eventhubs.schemaRegistry.schemaName", READING)
                .load()
                .select("value.*", "partition", "sequenceNumber");
    }

    public static StreamingQuery toDelta(
            SparkSession spark, EventHub hub, Registry registry, String table, String checkpoint, Trigger trigger)
            throws TimeoutException {
        return readings(spark, hub, registry)
                .writeStream()
                .format("delta")
                .option("checkpointLocation", checkpoint)
                .trigger(trigger)
                .start(table);
    }

    /** Readings above {@code threshold} to {@code alerts}, encoded as {@link #HOT_READING}. */
    public static StreamingQuery hotReadings(
            SparkSession spark,
            EventHub hub,
            EventHub alerts,
            Registry registry,
            double threshold,
            String checkpoint,
            Trigger trigger)
            throws TimeoutException {
        Map<String, String> encoding = new HashMap<>(registry.options());
        encoding.put("eventhubs.schemaRegistry.schemaGroup", registry.group());
        encoding.put("eventhubs.schemaRegistry.writerSchema", HOT_READING);
        return readings(spark, hub, registry)
                .where(col("temperature").gt(threshold))
                .select(struct("device", "temperature", "sequenceNumber").as("value"))
                .writeStream()
                .format("eventhubs-native")
                .options(alerts.options())
                .options(encoding)
                .option("checkpointLocation", checkpoint)
                .trigger(trigger)
                .start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: AvroTelemetry <delta table path> <checkpoint path>");
        }
        SparkSession spark = Examples.session("avro-telemetry");
        Registry registry = new Registry(System.getenv().getOrDefault("SCHEMA_GROUP", "telemetry"), Map.of());
        toDelta(spark, EventHub.fromEnvironment(), registry, args[0], args[1], Trigger.ProcessingTime("10 seconds"))
                .awaitTermination();
    }
}

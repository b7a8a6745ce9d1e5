package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import io.eventhubsnative.spark.kafka.KafkaEndpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Pipeline 6: pipeline 1 through the Event Hubs Kafka endpoint with Spark's own {@code kafka} source, for comparison.
 * {@link KafkaEndpoint#sourceOptions} turns the same Event Hubs settings into the Kafka options: SASL PLAIN with
 * {@code $ConnectionString} for a connection string, OAUTHBEARER with the connector's login handler for Entra ID.
 * What differs from pipeline 1: rows carry Kafka offsets instead of sequence numbers, the Basic tier has no Kafka
 * endpoint, and positions are the Kafka source's {@code startingOffsets}.
 */
public final class KafkaEndpointIngest {

    private KafkaEndpointIngest() {}

    /** Kafka records (value = the event body) -> readings, keeping (partition, offset), which identifies a record. */
    public static Dataset<Row> parse(Dataset<Row> records) {
        return records.select(
                        from_json(col("value").cast("string"), IotEvents.SCHEMA).as("reading"),
                        col("partition"),
                        col("offset"))
                .select("reading.*", "partition", "offset");
    }

    /** {@code settings}: the Event Hubs settings (e.g. {@link EventHub#options()}), plus any {@code kafka.*} override. */
    public static StreamingQuery start(
            SparkSession spark, Map<String, String> settings, String table, String checkpoint, Trigger trigger)
            throws TimeoutException {
        Dataset<Row> records = spark.readStream()
                .format("kafka")
                .options(KafkaEndpoint.sourceOptions(settings))
                .option("startingOffsets", "earliest")
                .load();
        return parse(records)
                .writeStream()
                .format("delta")
                .option("checkpointLocation", checkpoint)
                .trigger(trigger)
                .start(table);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: KafkaEndpointIngest <delta table path> <checkpoint path>");
        }
        SparkSession spark = Examples.session("kafka-endpoint-ingest");
        Map<String, String> settings = new HashMap<>(EventHub.fromEnvironment().options());
        start(spark, settings, args[0], args[1], Trigger.ProcessingTime("10 seconds"))
                .awaitTermination();
    }
}

package io.eventhubsnative.examples;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Example 7 in Java: fraud alerts in real time (Spark 4.1+, the {@code _2.13} jar). Card payments as JSON events ->
 * parse -> join with a static table of merchants, broadcast to every task -> keep the payments above the merchant's
 * alert amount -> alerts. {@code Trigger.RealTime} runs one long task per partition, so each payment is checked as it
 * arrives; the interval is how often the query checkpoints.
 *
 * <pre>
 * spark-submit --class io.eventhubsnative.examples.FraudAlertsRealTime \
 *   --jars eventhubs-native-spark_2.13-VERSION.jar examples-VERSION-realtime.jar CHECKPOINT [ALERTS_FOLDER]
 * </pre>
 *
 * With {@code EVENTHUBS_CONNECTION_STRING} and {@code EVENTHUB_NAME} set; alerts go to the console, or with a folder
 * given, one file per alert named by the payment's position in the hub (a restart that reads the last events of a
 * batch again overwrites the same files). {@code REAL_TIME_INTERVAL} sets the checkpoint interval (default 5 minutes).
 */
public final class FraudAlertsRealTime {

    static final StructType PAYMENT = new StructType()
            .add("card", DataTypes.StringType)
            .add("merchant", DataTypes.StringType)
            .add("amount", DataTypes.DoubleType)
            .add("timestamp", DataTypes.TimestampType);

    private FraudAlertsRealTime() {}

    public static void main(String[] args) throws TimeoutException, StreamingQueryException {
        if (args.length < 1) {
            throw new IllegalArgumentException("Usage: FraudAlertsRealTime CHECKPOINT [ALERTS_FOLDER]");
        }
        SparkSession spark =
                SparkSession.builder().appName("fraud-alerts-real-time").getOrCreate();
        Dataset<Row> events = spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", environment("EVENTHUBS_CONNECTION_STRING"))
                .option("eventhubs.name", environment("EVENTHUB_NAME"))
                .option("eventhubs.startingPosition", "earliest")
                .load();
        // Real-time mode takes the update output mode (Spark 4.1 refuses append); for a stateless query they are alike.
        DataStreamWriter<Row> writer = alerts(events, merchants(spark))
                .writeStream()
                .outputMode("update")
                .option("checkpointLocation", args[0]);
        writer = args.length > 1
                ? writer.foreach(new AlertFiles(args[1]))
                : writer.format("console").option("truncate", "false");
        String interval = System.getenv().getOrDefault("REAL_TIME_INTERVAL", "5 minutes");
        writer.trigger(Trigger.RealTime(interval)).start().awaitTermination();
    }

    /** The reference table; in a job, spark.read().table("reference.merchants"). */
    static Dataset<Row> merchants(SparkSession spark) {
        StructType schema = new StructType()
                .add("merchant", DataTypes.StringType)
                .add("risk", DataTypes.StringType)
                .add("alert_above", DataTypes.DoubleType);
        return spark.createDataFrame(
                Arrays.asList(
                        RowFactory.create("m-grocery", "low", 1000.0),
                        RowFactory.create("m-electronics", "medium", 500.0),
                        RowFactory.create("m-giftcards", "high", 100.0)),
                schema);
    }

    static Dataset<Row> alerts(Dataset<Row> events, Dataset<Row> merchants) {
        Dataset<Row> payments = events.select(
                        from_json(col("body").cast("string"), PAYMENT).alias("payment"),
                        col("partition"),
                        col("sequenceNumber"),
                        col("enqueuedTime"))
                .select("payment.*", "partition", "sequenceNumber", "enqueuedTime");
        return payments.join(broadcast(merchants), "merchant")
                .where(col("amount").gt(col("alert_above")))
                .select(
                        "card",
                        "merchant",
                        "risk",
                        "amount",
                        "timestamp",
                        "partition",
                        "sequenceNumber",
                        "enqueuedTime");
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("Set " + name + " (see the class comment)");
        }
        return value;
    }

    /** One file per alert, named by the payment's partition and sequence number: replays overwrite, never add. */
    static final class AlertFiles extends ForeachWriter<Row> {
        private static final long serialVersionUID = 1L;
        private final String folder;

        AlertFiles(String folder) {
            this.folder = folder;
        }

        @Override
        public boolean open(long partitionId, long epochId) {
            return true;
        }

        @Override
        public void process(Row alert) {
            Path file = Paths.get(folder, alert.getAs("partition") + "-" + alert.getAs("sequenceNumber"));
            String line = alert.getAs("card") + "|" + alert.getAs("merchant") + "|" + alert.getAs("amount");
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, line.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close(Throwable errorOrNull) {}
    }
}

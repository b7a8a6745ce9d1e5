package io.eventhubsnative.examples;

import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * The event hub a pipeline reads or writes: its connection string and name. On Fabric or Databricks the
 * connection string comes from Key Vault or a secret scope, never from code.
 */
public record EventHub(String connectionString, String name) {

    /** From the environment, as the examples' mains take it: EVENTHUBS_CONNECTION_STRING and EVENTHUB_NAME. */
    public static EventHub fromEnvironment() {
        String connectionString = System.getenv("EVENTHUBS_CONNECTION_STRING");
        String name = System.getenv().getOrDefault("EVENTHUB_NAME", "iot");
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalArgumentException(
                    "Set EVENTHUBS_CONNECTION_STRING to the namespace's connection string, e.g."
                            + " Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...");
        }
        return new EventHub(connectionString, name);
    }

    public Map<String, String> options() {
        return Map.of("eventhubs.connectionString", connectionString, "eventhubs.name", name);
    }

    /** A stream of this hub's events from its earliest retained event. */
    public DataStreamReader readStream(SparkSession spark) {
        return spark.readStream()
                .format("eventhubs-native")
                .options(options())
                .option("eventhubs.startingPosition", "earliest");
    }

    /** This hub's retained events, as one batch. */
    public DataFrameReader read(SparkSession spark) {
        return spark.read()
                .format("eventhubs-native")
                .options(options())
                .option("eventhubs.startingPosition", "earliest");
    }
}

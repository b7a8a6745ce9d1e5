package io.eventhubsnative.spark;

import org.apache.spark.sql.streaming.Trigger;

/**
 * Spark's real-time trigger, for PySpark 4.1 (whose {@code trigger()} has no {@code realTime} keyword yet) and for
 * code that must say clearly why a cluster cannot run it:
 *
 * <pre>{@code
 * trigger = spark._jvm.io.eventhubsnative.spark.RealTimeTrigger.every("5 minutes")
 * query = df.writeStream.format("console")  # ... then: query._jwrite.trigger(trigger); query.start()
 * }</pre>
 *
 * The interval is how often the query checkpoints, not a latency: events flow through as they arrive.
 */
public final class RealTimeTrigger {

    private static final String SPARK_INTERFACE = "org.apache.spark.sql.connector.read.streaming.SupportsRealTimeMode";

    private RealTimeTrigger() {}

    /** {@code Trigger.RealTime(checkpointInterval)}, e.g. {@code "5 minutes"}; fails clearly before Spark 4.1. */
    public static Trigger every(String checkpointInterval) {
        requireRealTimeMode();
        return Trigger.RealTime(checkpointInterval);
    }

    /** Throws {@link UnsupportedOperationException} naming the Spark needed where real-time mode does not exist. */
    public static void requireRealTimeMode() {
        try {
            Class.forName(SPARK_INTERFACE, false, RealTimeTrigger.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException(
                    "Real-time mode (Trigger.RealTime) needs Spark 4.1 or later, and this"
                            + " is Spark " + SparkLine.sparkVersion()
                            + ". Run the query with a micro-batch trigger instead,"
                            + " e.g. Trigger.ProcessingTime(\"1 second\") (in PySpark: .trigger(processingTime=\"1 second\")),"
                            + " or move to a Spark 4.1 runtime (Fabric Runtime 2.0, Databricks 18).");
        }
    }
}

package io.eventhubsnative.reliability;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/** What the reliability tests share: sending numbered events, the stream they run, the whole text of an error. */
final class Events {

    private Events() {}

    /** Sends events {@code "e<from>"..} in batches of up to 1,000, partition after partition. */
    static void send(EventHubProducerClient producer, int partitions, int from, int count) {
        int sent = 0;
        int partition = 0;
        while (sent < count) {
            EventDataBatch batch = producer.createBatch(
                    new CreateBatchOptions().setPartitionId(Integer.toString(partition++ % partitions)));
            while (sent < count && batch.getCount() < 1_000 && batch.tryAdd(new EventData("e" + (from + sent)))) {
                sent++;
            }
            producer.send(batch);
        }
    }

    /**
     * Streams the hub from its earliest event into a Delta table of (partition, sequenceNumber), a micro-batch every
     * 200 ms, with the given eventhubs-native options on top.
     */
    static StreamingQuery toDelta(
            SparkSession spark, String connectionString, Map<String, String> options, String table, String checkpoint)
            throws Exception {
        return spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", connectionString)
                .option("eventhubs.startingPosition", "earliest")
                .options(options)
                .load()
                .selectExpr("partition", "sequenceNumber")
                .writeStream()
                .format("delta")
                .option("checkpointLocation", checkpoint)
                .trigger(Trigger.ProcessingTime(200))
                .start(table);
    }

    /** The error's messages, causes and stack, for "names X" and "never shows Y" checks. */
    static String text(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}

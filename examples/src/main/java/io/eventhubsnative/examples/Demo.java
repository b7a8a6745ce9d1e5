package io.eventhubsnative.examples;

import io.eventhubsnative.local.LocalEventHubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The README's demo: a local Event Hubs endpoint, IoT events, pipeline 1 into a Delta table, a restart that adds
 * nothing, and new events that arrive exactly once. {@code ./demo.sh} builds and runs it.
 */
public final class Demo {

    private static final int DEVICES = 10;

    private Demo() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/demo").toAbsolutePath();
        deleteRecursively(dir);
        String table = dir.resolve("iot").toString();
        String checkpoint = dir.resolve("_checkpoints/iot").toString();

        step("Starting the local Event Hubs endpoint (event hub 'iot', 4 partitions)");
        try (LocalEventHubs endpoint = LocalEventHubs.builder().hub("iot", 4).start()) {
            EventHub hub = new EventHub(endpoint.connectionString(), "iot");
            say("listening on 127.0.0.1:" + endpoint.port());

            step("Starting Spark (local[2]) with Delta");
            SparkSession spark = Examples.session("eventhubs-native demo");

            step("Sending 5,000 IoT events through the eventhubs-native sink");
            long start = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
            IotEvents.send(hub, IotEvents.readings(spark, 5_000, DEVICES, start));

            step("Pipeline 1: eventhubs-native -> from_json -> Delta at " + table);
            StreamingQuery query = IotToDelta.start(spark, hub, table, checkpoint, Trigger.ProcessingTime("1 second"));
            query.processAllAvailable();
            query.stop();
            long first = spark.read().format("delta").load(table).count();
            say("the table holds " + first + " rows; a few of them:");
            spark.read().format("delta").load(table).orderBy("timestamp").show(5, false);
            say("rows per device and status:");
            spark.read()
                    .format("delta")
                    .load(table)
                    .groupBy("device")
                    .pivot("status")
                    .count()
                    .orderBy("device")
                    .show(DEVICES, false);
            say("the checkpoint's last offsets (next sequence number to read, per partition):");
            System.out.println(lastOffsets(Path.of(checkpoint)));

            step("Restarting the query from its checkpoint, with no new events");
            query = IotToDelta.start(spark, hub, table, checkpoint, Trigger.ProcessingTime("1 second"));
            query.processAllAvailable();
            long second = spark.read().format("delta").load(table).count();
            say("rows after the restart: " + second
                    + (second == first ? " (unchanged: nothing read twice)" : " (CHANGED!)"));

            step("Sending 1,000 more events while the query runs");
            IotEvents.send(hub, IotEvents.readings(spark, 1_000, DEVICES, start + 5_000));
            query.processAllAvailable();
            query.stop();
            long third = spark.read().format("delta").load(table).count();
            long distinct = spark.read()
                    .format("delta")
                    .load(table)
                    .select("partition", "sequenceNumber")
                    .distinct()
                    .count();
            say("rows now: " + third + " (+" + (third - second) + "), distinct (partition, sequenceNumber): "
                    + distinct);
            spark.stop();
            if (second != first || third != first + 1_000 || distinct != third) {
                throw new IllegalStateException("The demo's counts are off: " + first + ", " + second + ", " + third);
            }
            step("Done: every event is in the Delta table exactly once. Files are under " + dir);
        }
    }

    /** The newest file of the checkpoint's offsets log: a header, Spark's metadata, then our source's offset JSON. */
    private static String lastOffsets(Path checkpoint) throws IOException {
        try (Stream<Path> files = Files.list(checkpoint.resolve("offsets"))) {
            Optional<Path> last = files.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingLong(
                            p -> Long.parseLong(p.getFileName().toString())));
            if (last.isEmpty()) {
                return "(no offsets yet)";
            }
            java.util.List<String> lines = Files.readAllLines(last.get(), StandardCharsets.UTF_8);
            return "  " + checkpoint.relativize(last.get()) + ": " + lines.get(lines.size() - 1);
        }
    }

    private static void step(String text) {
        System.out.println();
        System.out.println("==> " + text);
    }

    private static void say(String text) {
        System.out.println("    " + text);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}

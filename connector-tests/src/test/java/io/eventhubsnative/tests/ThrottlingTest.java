package io.eventhubsnative.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.Counters;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.Quota;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Standard namespace with one throughput unit, throttled as the service does it: a write of 50,000 events of 1 KiB
 * (offered at once, fifty times what the quota takes in a second: at least 50 seconds of refused and retried sends)
 * and a drain of as many go through with no failed task and each event once. The share of the quota they reach is
 * printed; QuotaBenchmark measures it against its goal, as a timed assertion here would fail on a busy machine.
 */
@Timeout(900)
class ThrottlingTest {

    private static final int EVENTS = 50_000;
    private static final int SIZE = 1024;
    private static final Quota ONE_UNIT = Quota.throughputUnits(1);

    private static LocalEventHubs hubs;
    private static SparkSession spark;
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    @BeforeAll
    static void start() {
        hubs = LocalEventHubs.builder().hub("telemetry", 4).hub("backlog", 4).start();
        spark = SparkSessions.shared();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (!taskEnd.reason().toString().equals("Success")) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    private static Dataset<Row> read(String hub) {
        return spark.read()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString(hub))
                .load();
    }

    @Test
    void aStreamingWriteAtFourTimesTheQuotaStoresEveryRowOnceAtTheQuota(@TempDir Path dir) throws Exception {
        // The rows wait in files; the stream offers them all at once, far beyond what one unit takes in.
        spark.range(EVENTS)
                .select(lpad(col("id").cast("string"), SIZE, "x").as("body"))
                .repartition(2)
                .write()
                .parquet(dir.resolve("rows").toString());
        hubs.quota(ONE_UNIT);
        hubs.counters().ingress().reset();
        int failedBefore = FAILED_TASKS.get();
        long start = System.nanoTime();
        StreamingQuery query = spark.readStream()
                .schema("body string")
                .parquet(dir.resolve("rows").toString())
                .writeStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString("telemetry"))
                .option("checkpointLocation", dir.resolve("checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start();
        query.awaitTermination();
        double seconds = (System.nanoTime() - start) / 1e9;
        Counters.Window in = hubs.counters().ingress();
        double fraction = achieved(in.bytes(), in.seconds(), ONE_UNIT.ingressBytes());
        System.out.printf(
                Locale.ROOT,
                "1-TU write: %,d events, query %.1f s, sends %.1f s: %.0f%% of the ingress quota (%.0f%% over the"
                        + " query), %d sends refused%n",
                EVENTS,
                seconds,
                in.seconds(),
                fraction * 100,
                achieved(in.bytes(), seconds, ONE_UNIT.ingressBytes()) * 100,
                hubs.counters().sendsThrottled());
        hubs.quota(null); // the checks read at full speed

        assertThat(query.exception().isEmpty()).isTrue();
        assertThat(FAILED_TASKS.get() - failedBefore).as("failed tasks").isZero();
        assertThat(hubs.counters().sendsThrottled())
                .as("sends the quota refused")
                .isPositive();
        Row stored =
                read("telemetry").selectExpr("count(*)", "count(DISTINCT body)").first();
        assertThat(stored.getLong(0)).as("events stored").isEqualTo(EVENTS);
        assertThat(stored.getLong(1)).as("distinct bodies").isEqualTo(EVENTS);
        // How close to the quota is a figure of QuotaBenchmark (goal 90%); here the write must not stall under it.
        assertThat(fraction).as("the write's share of the ingress quota").isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void aStreamDrainsABacklogUnderTheEgressQuotaOnceIntoDelta(@TempDir Path dir) throws Exception {
        for (int i = 0; i < EVENTS; i++) {
            byte[] body = new byte[SIZE];
            Arrays.fill(body, (byte) 'x');
            byte[] id = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(id, 0, body, 0, id.length);
            hubs.appendBody("backlog", Integer.toString(i % 4), body);
        }
        hubs.quota(ONE_UNIT);
        hubs.counters().egress().reset();
        int failedBefore = FAILED_TASKS.get();
        long start = System.nanoTime();
        StreamingQuery query = spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString("backlog"))
                .option("eventhubs.startingPosition", "earliest")
                .option("eventhubs.prefetchCount", "2000")
                .option("maxEventsPerTrigger", "100000")
                .load()
                .select(
                        concat(col("partition"), lit("/"), col("sequenceNumber"))
                                .as("event"),
                        col("body"))
                .writeStream()
                .format("delta")
                .option("checkpointLocation", dir.resolve("checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                .start(dir.resolve("table").toString());
        query.awaitTermination();
        double seconds = (System.nanoTime() - start) / 1e9;
        Counters.Window out = hubs.counters().egress();
        double fraction = achieved(out.bytes(), out.seconds(), ONE_UNIT.egressBytes());
        System.out.printf(
                Locale.ROOT,
                "1-TU drain: %,d events, query %.1f s, deliveries %.1f s: %.0f%% of the egress quota (%.0f%% over the"
                        + " query)%n",
                EVENTS,
                seconds,
                out.seconds(),
                fraction * 100,
                achieved(out.bytes(), seconds, ONE_UNIT.egressBytes()) * 100);
        hubs.quota(null);

        assertThat(query.exception().isEmpty()).isTrue();
        assertThat(FAILED_TASKS.get() - failedBefore).as("failed tasks").isZero();
        Row table = spark.read()
                .format("delta")
                .load(dir.resolve("table").toString())
                .selectExpr("count(*)", "count(DISTINCT event)")
                .first();
        assertThat(table.getLong(0)).as("rows in Delta").isEqualTo(EVENTS);
        assertThat(table.getLong(1)).as("distinct events in Delta").isEqualTo(EVENTS);
        assertThat(fraction).as("the drain's share of the egress quota").isGreaterThanOrEqualTo(0.5);
    }

    /**
     * The share of a byte quota used over {@code seconds}, less the one second of tokens the quota starts with. The
     * endpoint's window runs from the first to the last bytes it took: the sink's or reader's rate, not Spark's start.
     */
    private static double achieved(long bytes, double seconds, long bytesPerSecond) {
        return (bytes - bytesPerSecond) / seconds / bytesPerSecond;
    }
}

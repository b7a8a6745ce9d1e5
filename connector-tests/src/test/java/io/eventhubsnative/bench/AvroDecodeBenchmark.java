package io.eventhubsnative.bench;

import static org.apache.spark.sql.functions.col;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SelfSignedCertificate;
import io.eventhubsnative.spark.avro.RegistrySchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.avro.functions;
import org.apache.spark.sql.streaming.DataStreamReader;
import reactor.core.publisher.Flux;

/**
 * Decoding Schema Registry Avro in Spark: N telemetry events (the schema id in their content type, raw Avro bodies,
 * as the official serializers write them) drained into {@code noop} with {@code Trigger.AvailableNow}, decoded on
 * read by eventhubs-native ({@code eventhubs.schemaRegistry.readerSchema}), against Spark's own {@code from_avro}
 * with the schema given inline over the same events, and against no decoding at all. Also counts the registry
 * requests: one per schema id per JVM, not per event or batch.
 *
 * <p>{@code mvn -B -pl connector-tests -am -Pbenchmark -DskipTests verify -Dbench.main=io.eventhubsnative.bench.AvroDecodeBenchmark}
 */
public final class AvroDecodeBenchmark {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
            + "{\"name\":\"device\",\"type\":\"string\"},"
            + "{\"name\":\"site\",\"type\":{\"type\":\"enum\",\"name\":\"Site\",\"symbols\":[\"NORTH\",\"SOUTH\"]}},"
            + "{\"name\":\"time\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
            + "{\"name\":\"temperature\",\"type\":\"double\"},{\"name\":\"humidity\",\"type\":\"float\"},"
            + "{\"name\":\"battery\",\"type\":[\"null\",\"int\"],\"default\":null},"
            + "{\"name\":\"status\",\"type\":\"string\"},"
            + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}}]}";

    private AvroDecodeBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSuite.print(rows());
    }

    static List<String> rows() throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int partitions = Integer.getInteger("bench.partitions", 8);
        int runs = Integer.getInteger("bench.runs", 3);
        SparkSession spark = BenchSpark.start("eventhubs-native Avro decoding benchmark");
        SelfSignedCertificate certificate = SelfSignedCertificate.create(tlsDir());
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                .hub("avro", partitions)
                .schemaRegistry(certificate.serverContext(), "telemetry")
                .start()) {
            String id = hubs.schemas()
                    .register("telemetry", "iot.Reading", "Avro", SCHEMA)
                    .id();
            int size = send(hubs, id, events, partitions);
            System.out.printf(
                    Locale.ROOT,
                    "Avro decoding: %,d events of %d B over %d partitions, %d runs; Spark %s, Java %s%n",
                    events,
                    size,
                    partitions,
                    runs,
                    spark.version(),
                    System.getProperty("java.version"));
            Dataset<Row> events0 = stream(spark, hubs, certificate).load();
            Dataset<Row> plain = events0.select("body", "sequenceNumber");
            Dataset<Row> sparkAvro = events0.select(
                            functions.from_avro(col("body"), SCHEMA).as("v"))
                    .select("v.*");
            Dataset<Row> decodedOnRead = stream(spark, hubs, certificate)
                    .option("eventhubs.schemaRegistry.readerSchema", SCHEMA)
                    .load()
                    .select("value.*");
            long fetchesBefore = RegistrySchemas.fetches();
            BenchSpark.drainToNoop(plain, events); // warm-up of every path
            BenchSpark.drainToNoop(sparkAvro, events);
            BenchSpark.drainToNoop(decodedOnRead, events);
            List<Double> none = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> spark0 = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                none.add(BenchSpark.drainToNoop(plain, events));
                spark0.add(BenchSpark.drainToNoop(sparkAvro, events));
                ours.add(BenchSpark.drainToNoop(decodedOnRead, events));
                System.out.printf(
                        Locale.ROOT,
                        "run %d: no decoding %,.0f, Spark from_avro %,.0f, decoded on read %,.0f events/s (%.2fx)%n",
                        run,
                        none.get(run - 1),
                        spark0.get(run - 1),
                        ours.get(run - 1),
                        ours.get(run - 1) / spark0.get(run - 1));
            }
            long fetches = RegistrySchemas.fetches() - fetchesBefore;
            double ratio = median(ours) / median(spark0);
            List<String> rows = new ArrayList<>();
            String what = String.format(
                    Locale.ROOT, "decode %,d Avro events (%d B), %d partitions", events, size, partitions);
            rows.add(BenchmarkSuite.row(what + ": no decoding (body only)", perSecond(median(none)), ""));
            rows.add(BenchmarkSuite.row(
                    what + ": Spark `from_avro`, schema inline", perSecond(median(spark0)), "1.00x"));
            rows.add(BenchmarkSuite.row(
                    what + ": **eventhubs-native** decoding on read, schema by id from the registry",
                    perSecond(median(ours)),
                    String.format(
                            Locale.ROOT,
                            "%.2fx `from_avro` (goal >= 0.8x: %s)",
                            ratio,
                            BenchmarkSuite.met(ratio >= 0.8))));
            rows.add(BenchmarkSuite.row(
                    "registry requests over the " + (runs + 1) + " decoding drains (one JVM, one schema id)",
                    Long.toString(fetches),
                    "goal: 1 per schema id per executor JVM: " + BenchmarkSuite.met(fetches == 1)));
            return rows;
        } finally {
            spark.stop();
        }
    }

    /**
     * Where the certificate goes: the benchmark profile points the JVM's trust store at {@code bench.tlsDir}, which
     * must then hold one (the suite's legacy part makes it first; run alone, this does).
     */
    private static Path tlsDir() throws IOException {
        String dir = System.getProperty("bench.tlsDir");
        if (dir != null && !Files.exists(Paths.get(dir, "local-eventhubs-trust.p12"))) {
            return Files.createDirectories(Paths.get(dir));
        }
        return Files.createTempDirectory("bench-registry");
    }

    private static DataStreamReader stream(SparkSession spark, LocalEventHubs hubs, SelfSignedCertificate certificate) {
        return spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString("avro"))
                .option("eventhubs.startingPosition", "earliest")
                .option("eventhubs.prefetchCount", Integer.getInteger("bench.prefetch", 2000))
                .option("eventhubs.schemaRegistry.namespace", hubs.schemaRegistryNamespace())
                .option(
                        "eventhubs.schemaRegistry.trustCertificate",
                        certificate.pem().toString());
    }

    private static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f events/s", value);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Fills every partition with full batches of serialized readings; returns the body size. */
    private static int send(LocalEventHubs hubs, String id, int events, int partitions) throws IOException {
        Schema schema = new Schema.Parser().parse(SCHEMA);
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            GenericRecord reading = new GenericData.Record(schema);
            reading.put("device", "device-" + i);
            reading.put(
                    "site",
                    new GenericData.EnumSymbol(schema.getField("site").schema(), i % 2 == 0 ? "NORTH" : "SOUTH"));
            reading.put("time", 1_767_225_600_000L + i);
            reading.put("temperature", 20.0 + i / 10.0);
            reading.put("humidity", 0.5f);
            reading.put("battery", i % 3 == 0 ? null : i);
            reading.put("status", "ok");
            reading.put("tags", List.of("roof", "sensor-" + i));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(schema).write(reading, encoder);
            encoder.flush();
            bodies.add(bytes.toByteArray());
        }
        EventHubProducerAsyncClient producer = new EventHubClientBuilder()
                .connectionString(hubs.connectionString("avro"))
                .buildAsyncProducerClient();
        try {
            int perPartition = events / partitions;
            Flux.range(0, partitions)
                    .flatMap(
                            p -> SdkBenchmark.fill(
                                    producer,
                                    Integer.toString(p),
                                    perPartition + (p < events % partitions ? 1 : 0),
                                    i -> {
                                        EventData event = new EventData(bodies.get(i % bodies.size()));
                                        event.setContentType("avro/binary+" + id);
                                        return event;
                                    }),
                            partitions)
                    .blockLast(Duration.ofMinutes(10));
        } finally {
            producer.close();
        }
        return bodies.get(50).length;
    }
}

package io.eventhubsnative.bench;

import io.eventhubsnative.localkafka.LocalKafka;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Send-to-sink latency of real-time mode (Spark 4.1+) against micro-batch mode, for eventhubs-native and Spark's
 * kafka source (local Kafka broker, its own JVM), at 2,000 and 20,000 events/s of 100 B over 8 partitions, on
 * {@code local[10]} (real-time mode holds a task slot per partition). Each event carries the microsecond its producer
 * created it (the machine's clock, which the producer's JVM shares); a {@code foreach} sink in this JVM takes each
 * row's latency from it. Both sources are measured from the same clock, in microseconds: the services' own timestamps
 * (enqueued time, CreateTime) are
 * milliseconds, too coarse for a p99 of a few milliseconds. Latency counts from the event's hand-off for sending, the
 * nearest the producer sees to its enqueueing: Kafka's {@code send} of the record, Event Hubs' {@code send} of the batch
 * that holds it. An Event Hubs producer first builds the batch event by event; that wait is the producer's, not the
 * source's, and the latency from the event's creation, which includes it, is given apart.
 *
 * <p>Real-time mode is measured twice: with a 5-minute batch (steady state, no boundary in the window) and with a
 * 30-second batch (five boundaries in the window, after a first one in the warm-up). There the pause at each boundary
 * is also given on its own: the worst latency of the events that arrived in the two seconds after the boundary (they
 * waited for the next batch's tasks). CPU: the read side's, per event (this JVM, which holds Spark, plus the local
 * Event Hubs endpoint's or the Kafka broker's JVM), and idle (% of one core with no events). Each window's producer
 * runs in a JVM of its own ({@link RealTimeProducer}), as a real one does: its client's garbage is not this JVM's.
 * A real-time query of each source runs first for 70 seconds at 20,000/s with 10-second batches, unreported, so that
 * neither pays for the JVM's cold start: with 10 s and no boundary, the run's first window was its slowest.
 *
 * <p>Needs Spark 4.1: {@code mvn -B -pl connector-tests -am -Pbenchmark,spark-4.1 -DskipTests verify
 * -Dbench.main=io.eventhubsnative.bench.RealTimeBenchmark} ({@code mvn clean} first when switching Spark lines).
 */
public final class RealTimeBenchmark {

    private static final int PARTITIONS = 8;
    private static final int SIZE = 100;
    private static final int WARMUP_SECONDS = 10;
    private static final int FIRST_WARMUP_SECONDS = 60;
    private static final int STEADY_SECONDS = 30;
    private static final int BOUNDARY_SECONDS = 150;
    private static final long AFTER_BOUNDARY_MICROS = 2_000_000;
    private static final int IDLE_SECONDS = 10;
    private static final long CLOCK_TICKS_PER_SECOND = 100; // Linux's USER_HZ, the unit of /proc/<pid>/stat times

    private RealTimeBenchmark() {}

    /** How the query is triggered. */
    private enum Mode {
        REAL_TIME_STEADY("real-time, 5-minute batch (no boundary in the window)", "5 minutes", STEADY_SECONDS),
        REAL_TIME_BOUNDARIES("real-time, 30-second batch (boundaries in the window)", "30 seconds", BOUNDARY_SECONDS),
        MICRO_BATCH("micro-batch, default trigger", null, STEADY_SECONDS),
        // Ten-second batches: the code that runs at a boundary (planning, task launch, readers taken over) warms up
        // with the rest, and G1 has sized the heap for 20,000/s, before the first window that counts.
        WARM_UP("warm-up, not reported", "10 seconds", FIRST_WARMUP_SECONDS);

        static final Mode[] MEASURED = {REAL_TIME_STEADY, REAL_TIME_BOUNDARIES, MICRO_BATCH};

        final String label;
        final String interval;
        final int seconds;

        Mode(String label, String interval, int seconds) {
            this.label = label;
            this.interval = interval;
            this.seconds = seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        realTime("5 minutes"); // fails at once, naming the profile, on a Spark without real-time mode
        SparkSession spark = BenchSpark.start("eventhubs-native real-time benchmark", "local[10]");
        int[] rates = Arrays.stream(
                        System.getProperty("bench.rates", "2000,20000").split(","))
                .mapToInt(rate -> Integer.parseInt(rate.trim()))
                .toArray();
        Mode[] measured = Arrays.stream(System.getProperty("bench.modes", "").split(","))
                .map(String::trim)
                .filter(mode -> !mode.isEmpty())
                .map(mode -> Mode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_')))
                .toArray(Mode[]::new);
        if (measured.length == 0) {
            measured = Mode.MEASURED;
        }
        // Repeated rounds, the sources taking turns at going first, tell a difference from the machine's noise.
        int rounds = Integer.getInteger("bench.rounds", 1);
        // Every hub and topic a query may read, named alike ("e-..." and "k-..."); the warm-up runs at 20,000/s
        // whatever the rates.
        Set<String> names = new LinkedHashSet<>();
        for (int rate : rates) {
            for (Mode mode : Mode.values()) {
                for (int round = 0; round < rounds; round++) {
                    names.add(name("", rate, mode, round));
                }
            }
        }
        names.add(name("", 20_000, Mode.WARM_UP, 0));
        names.add("-idle-rt");
        names.add("-idle-mb");
        List<String> topics =
                names.stream().map(name -> "k" + name + ":" + PARTITIONS).collect(Collectors.toList());
        List<String> hubNames = names.stream().map(name -> "e" + name).collect(Collectors.toList());
        List<String> rows = new ArrayList<>();
        // local-eventhubs in a JVM of its own, as Kafka's broker is: in the benchmark's JVM its stored events and its
        // AMQP work made that JVM pause for GC about four times as often during eventhubs-native's windows.
        try (EndpointProcess hubs = EndpointProcess.start(hubNames, PARTITIONS);
                LocalKafka kafka = LocalKafka.start(
                        Paths.get(System.getProperty("localKafka.home")),
                        "unused",
                        "unused",
                        "unused",
                        topics.toArray(new String[0]))) {
            Source eventHubs = new EventHubsSource(hubs);
            Source kafkaSource = new KafkaSource(kafka);
            System.out.printf(
                    Locale.ROOT,
                    "Spark %s, Java %s, %d cores%n",
                    spark.version(),
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            // The JVM's first queries run cold (JIT, Spark's first plans): one of each, unreported, before the first
            // that counts, so that neither source pays for it.
            for (Source source : List.of(eventHubs, kafkaSource)) {
                latency(spark, source, 20_000, Mode.WARM_UP, 0);
            }
            for (int rate : rates) {
                for (Mode mode : measured) {
                    List<Long> nativeP99 = new ArrayList<>();
                    List<Long> kafkaP99 = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        List<Source> turns =
                                round % 2 == 0 ? List.of(eventHubs, kafkaSource) : List.of(kafkaSource, eventHubs);
                        for (Source source : turns) {
                            Result result = latency(spark, source, rate, mode, round);
                            rows.addAll(Arrays.asList(result.rows.split("\n")));
                            (source == eventHubs ? nativeP99 : kafkaP99).add(result.p99Micros);
                        }
                    }
                    if (rounds > 1) {
                        rows.add(rounds(rate, mode, nativeP99, kafkaP99));
                    }
                }
            }
            for (Mode mode : new Mode[] {Mode.REAL_TIME_STEADY, Mode.MICRO_BATCH}) {
                if (!Boolean.parseBoolean(System.getProperty("bench.idle", "true"))) {
                    break;
                }
                for (Source source : List.of(eventHubs, kafkaSource)) {
                    rows.add(idle(spark, source, mode));
                }
            }
        } finally {
            spark.stop();
        }
        System.out.println();
        System.out.println("| source | rate | mode | events | p50 | p99 | max | p99 from creation | CPU per event |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        rows.stream().filter(row -> !row.startsWith("stall")).forEach(System.out::println);
        System.out.println();
        System.out.println("| source | rate | pause at each boundary (worst latency of the events it held) | median |");
        System.out.println("|---|---:|---|---:|");
        rows.stream()
                .filter(row -> row.startsWith("stall"))
                .map(row -> row.substring(5))
                .forEach(System.out::println);
        if (rows.stream().anyMatch(row -> row.startsWith("rounds"))) {
            System.out.println();
            System.out.println(
                    "| rate | mode | p99 of each round: eventhubs-native | kafka source | median | native lower in |");
            System.out.println("|---:|---|---|---|---|---:|");
            rows.stream()
                    .filter(row -> row.startsWith("rounds"))
                    .map(row -> row.substring(6))
                    .forEach(System.out::println);
        }
    }

    /** The p99 of each round for both sources, their medians, and in how many rounds eventhubs-native's was lower. */
    private static String rounds(int rate, Mode mode, List<Long> nativeP99, List<Long> kafkaP99) {
        int lower = 0;
        for (int i = 0; i < nativeP99.size(); i++) {
            lower += nativeP99.get(i) < kafkaP99.get(i) ? 1 : 0;
        }
        String row = String.format(
                Locale.ROOT,
                "rounds| %,d/s | %s | %s | %s | %s vs %s | %d of %d |",
                rate,
                mode.label,
                nativeP99.stream().map(RealTimeBenchmark::millis).collect(Collectors.joining(", ")),
                kafkaP99.stream().map(RealTimeBenchmark::millis).collect(Collectors.joining(", ")),
                millis(median(nativeP99)),
                millis(median(kafkaP99)),
                lower,
                nativeP99.size());
        System.out.println(row.substring(6));
        return row;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** One measurement: its table rows (the latency row, and for boundaries a "stall" row) and its p99. */
    private static final class Result {
        final String rows;
        final long p99Micros;

        Result(String rows, long p99Micros) {
            this.rows = rows;
            this.p99Micros = p99Micros;
        }
    }

    /** One source at one rate in one mode: a producer at {@code rate}, the query from the latest position. */
    private static Result latency(SparkSession spark, Source source, int rate, Mode mode, int round) throws Exception {
        String name = name(source.prefix(), rate, mode, round);
        source.create(name);
        StreamingQuery query = start(spark, source, name, mode);
        // Connections, JIT and the first batch are not counted; with 30-second batches neither is the first boundary,
        // whose cold code paths would otherwise count against whichever source runs first.
        int warmup = mode == Mode.REAL_TIME_BOUNDARIES ? 35 : WARMUP_SECONDS;
        CompletableFuture<long[]> producer = new CompletableFuture<>();
        Thread producing = new Thread(
                () -> {
                    try {
                        producer.complete(source.produce(name, rate, warmup + mode.seconds));
                    } catch (Exception | Error e) {
                        producer.completeExceptionally(e);
                    }
                },
                "producer");
        producing.start();
        TimeUnit.SECONDS.sleep(warmup);
        long cpuBefore = source.cpuTicks();
        Recorder.start();
        TimeUnit.SECONDS.sleep(mode.seconds);
        Recorder.stop();
        long cpuTicks = source.cpuTicks() - cpuBefore;
        Recording recording = Recorder.recorded(producer.get());
        query.stop();
        if (recording.latencies.length == 0) {
            return new Result(
                    "| " + source.label() + " | " + rate + " | " + mode.label + " | 0 | - | - | - | - | - |",
                    Long.MAX_VALUE);
        }
        long[] latencies = Recording.sorted(recording.latencies);
        long p99 = Recording.percentile(latencies, 0.99);
        long[] sinceCreation = Recording.sorted(recording.sinceCreation);
        double cpuMicrosPerEvent = cpuTicks * 1e6 / CLOCK_TICKS_PER_SECOND / latencies.length;
        String row = String.format(
                Locale.ROOT,
                "| %s | %,d/s | %s | %,d | %s | %s | %s | %s | %.0f us |",
                source.label(),
                rate,
                mode.label,
                latencies.length,
                millis(Recording.percentile(latencies, 0.5)),
                millis(p99),
                millis(latencies[latencies.length - 1]),
                millis(Recording.percentile(sinceCreation, 0.99)),
                cpuMicrosPerEvent);
        System.out.println(row);
        System.out.printf(
                Locale.ROOT, "%s at %,d/s, %s: %s%n", source.label(), rate, mode.label, recording.byTick(p99));
        if (mode == Mode.REAL_TIME_BOUNDARIES) {
            return new Result(row + "\n" + stalls(source, rate, query, recording, p99), p99);
        }
        return new Result(row, p99);
    }

    /**
     * The pause at each batch boundary inside the window: the worst latency of the events that arrived in the two
     * seconds after the boundary (a batch's start plus its trigger's duration), which waited out the pause.
     */
    private static String stalls(Source source, int rate, StreamingQuery query, Recording recording, long p99) {
        List<Long> stalls = new ArrayList<>();
        List<Long> boundaries = new ArrayList<>();
        for (StreamingQueryProgress progress : query.recentProgress()) {
            // What Spark spent at each boundary, outside the tasks.
            System.out.printf(
                    Locale.ROOT,
                    "%s batch %d: %,d rows, durations %s%n",
                    source.label(),
                    progress.batchId(),
                    progress.numInputRows(),
                    progress.durationMs());
            // The batch ended, and the next one began, when its trigger had taken its time.
            long boundary = micros(Instant.parse(progress.timestamp()))
                    + progress.durationMs().get("triggerExecution") * 1_000L;
            if (boundary < recording.fromMicros || boundary + AFTER_BOUNDARY_MICROS > recording.untilMicros) {
                continue;
            }
            boundaries.add(boundary);
            long worst = 0;
            for (int i = 0; i < recording.arrivals.length; i++) {
                long arrival = recording.arrivals[i];
                if (arrival >= boundary && arrival < boundary + AFTER_BOUNDARY_MICROS) {
                    worst = Math.max(worst, recording.latencies[i]);
                }
            }
            stalls.add(worst);
        }
        printTail(source, rate, recording, boundaries, p99);
        String row = String.format(
                Locale.ROOT,
                "stall| %s | %,d/s | %s | %s |",
                source.label(),
                rate,
                stalls.stream().map(RealTimeBenchmark::millis).collect(Collectors.joining(", ")),
                stalls.isEmpty() ? "-" : millis(median(stalls)));
        System.out.println(row.substring(5));
        return row;
    }

    /**
     * Whether a window's p99 comes from its boundaries: the p99 of the events that arrived away from every boundary
     * (more than 1 s before it or 3 s after), and how many of the events above the window's p99 arrived near one.
     */
    private static void printTail(Source source, int rate, Recording recording, List<Long> boundaries, long p99) {
        List<Long> away = new ArrayList<>();
        List<List<Long>> slices = new ArrayList<>();
        int tail = 0;
        int tailNear = 0;
        for (int i = 0; i < recording.arrivals.length; i++) {
            long arrival = recording.arrivals[i];
            long latency = recording.latencies[i];
            boolean near = boundaries.stream().anyMatch(b -> arrival >= b - 1_000_000 && arrival < b + 3_000_000);
            if (!near) {
                away.add(latency);
            }
            if (latency > p99) {
                tail++;
                tailNear += near ? 1 : 0;
            }
            int slice = (int) ((arrival - recording.fromMicros) / 30_000_000L);
            while (slices.size() <= slice) {
                slices.add(new ArrayList<>());
            }
            slices.get(slice).add(latency);
        }
        away.sort(null);
        System.out.printf(
                Locale.ROOT,
                "%s at %,d/s: p99 of each 30 s of the window: %s%n",
                source.label(),
                rate,
                slices.stream()
                        .filter(slice -> !slice.isEmpty())
                        .map(slice -> {
                            slice.sort(null);
                            return millis(slice.get((int) (slice.size() * 0.99)));
                        })
                        .collect(Collectors.joining(", ")));
        System.out.printf(
                Locale.ROOT,
                "%s at %,d/s: p99 away from boundaries %s (%,d events); %,d of the %,d events above the p99 arrived"
                        + " from 1 s before a boundary to 3 s after%n",
                source.label(),
                rate,
                away.isEmpty() ? "-" : millis(away.get((int) (away.size() * 0.99))),
                away.size(),
                tailNear,
                tail);
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Now, in microseconds since the epoch: the producers' stamp and the sink's clock. */
    static long nowMicros() {
        return micros(Instant.now());
    }

    /** An event of {@code SIZE} bytes: the microsecond it was created, then the tick that sends it. */
    static byte[] stamped(long tick) {
        return ByteBuffer.allocate(SIZE).putLong(nowMicros()).putLong(tick).array();
    }

    /** CPU of a running query with no events at all, in % of one core. */
    private static String idle(SparkSession spark, Source source, Mode mode) throws Exception {
        String name = source.prefix() + "-idle-" + (mode == Mode.MICRO_BATCH ? "mb" : "rt");
        source.create(name);
        StreamingQuery query = start(spark, source, name, mode);
        TimeUnit.SECONDS.sleep(WARMUP_SECONDS);
        long cpuBefore = source.cpuTicks();
        TimeUnit.SECONDS.sleep(IDLE_SECONDS);
        long cpuTicks = source.cpuTicks() - cpuBefore;
        query.stop();
        String row = String.format(
                Locale.ROOT,
                "| %s | idle | %s | 0 | - | - | - | - | %.1f%% of a core |",
                source.label(),
                mode.label,
                cpuTicks * 100.0 / CLOCK_TICKS_PER_SECOND / IDLE_SECONDS);
        System.out.println(row);
        return row;
    }

    private static StreamingQuery start(SparkSession spark, Source source, String name, Mode mode)
            throws IOException, java.util.concurrent.TimeoutException {
        DataStreamWriter<Row> writer = source.read(spark, name)
                .writeStream()
                .foreach(new Recorder())
                .outputMode("update")
                .option(
                        "checkpointLocation",
                        Files.createTempDirectory("realtime-bench").toString());
        if (mode.interval != null) {
            writer = writer.trigger(realTime(mode.interval));
        }
        return writer.start();
    }

    private static String name(String prefix, int rate, Mode mode, int round) {
        return prefix + "-" + rate + "-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + round;
    }

    /**
     * Spark 4.1's {@code Trigger.RealTime}, looked up by name: this class compiles on the Spark 3.5 line too, which
     * has no such trigger.
     */
    private static Trigger realTime(String interval) {
        try {
            return (Trigger) Trigger.class.getMethod("RealTime", String.class).invoke(null, interval);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Real-time mode needs Spark 4.1: run with -Pbenchmark,spark-4.1", e);
        }
    }

    /** CPU time of a process so far, in clock ticks (user + system), from {@code /proc/<pid>/stat}. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the CPU time of process " + pid, e);
        }
    }

    /** A source under test: where its events come from and how they are produced at a steady rate. */
    private interface Source {
        String prefix();

        String label();

        void create(String name);

        /** The stream's rows: the event's payload, stamped by its producer. */
        Dataset<Row> read(SparkSession spark, String name);

        /**
         * Sends {@code rate} events/s in 10 ms ticks, each tick to the next partition, for {@code seconds}, from a JVM
         * of its own ({@link RealTimeProducer}); returns when each tick was handed off for sending.
         */
        long[] produce(String name, int rate, int seconds) throws IOException, InterruptedException;

        long cpuTicks();
    }

    private static final class EventHubsSource implements Source {
        private final EndpointProcess hubs;

        EventHubsSource(EndpointProcess hubs) {
            this.hubs = hubs;
        }

        @Override
        public String prefix() {
            return "e";
        }

        @Override
        public String label() {
            return "eventhubs-native";
        }

        @Override
        public void create(String name) {
            // Declared in the endpoint's Config.json when it started.
        }

        @Override
        public Dataset<Row> read(SparkSession spark, String name) {
            return spark.readStream()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", hubs.connectionString())
                    .option("eventhubs.name", name)
                    .load()
                    .select("body");
        }

        @Override
        public long[] produce(String name, int rate, int seconds) throws IOException, InterruptedException {
            return produceElsewhere("eventhubs", hubs.connectionString(), name, rate, seconds);
        }

        @Override
        public long cpuTicks() {
            return RealTimeBenchmark.cpuTicks(ProcessHandle.current().pid()) + RealTimeBenchmark.cpuTicks(hubs.pid());
        }
    }

    /** local-eventhubs in a child JVM, serving the hubs named in the Config.json it is started with. */
    private static final class EndpointProcess implements AutoCloseable {
        private final Process process;
        private final String connectionString;

        private EndpointProcess(Process process, String connectionString) {
            this.process = process;
            this.connectionString = connectionString;
        }

        static EndpointProcess start(List<String> hubs, int partitions) throws IOException {
            StringBuilder entities = new StringBuilder();
            for (String hub : hubs) {
                entities.append(entities.length() == 0 ? "" : ",")
                        .append("{\"Name\":\"")
                        .append(hub)
                        .append("\",\"PartitionCount\":")
                        .append(partitions)
                        .append(",\"ConsumerGroups\":[]}");
            }
            Path config = Files.createTempFile("realtime-bench-", ".json");
            config.toFile().deleteOnExit();
            Files.writeString(
                    config,
                    "{\"UserConfig\":{\"NamespaceConfig\":[{\"Type\":\"EventHub\",\"Name\":\"bench\",\"Entities\":["
                            + entities + "]}],\"LoggingConfig\":{\"Type\":\"File\"}}}");
            Process process = new ProcessBuilder(java(
                            "-Xmx4g", "io.eventhubsnative.local.Main", "--port", "0", "--config", config.toString()))
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String connectionString = null;
            StringBuilder said = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("local-eventhubs ready")) {
                said.append(line).append('\n');
                if (line.startsWith("Connection string: ")) {
                    connectionString =
                            line.substring("Connection string: ".length()).trim();
                }
            }
            if (line == null || connectionString == null) {
                process.destroyForcibly();
                throw new IOException("local-eventhubs did not start:\n" + said);
            }
            Thread drain = new Thread(() -> out.lines().forEach(ignored -> {}), "local-eventhubs-output");
            drain.setDaemon(true);
            drain.start();
            return new EndpointProcess(process, connectionString);
        }

        String connectionString() {
            return connectionString;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static final class KafkaSource implements Source {
        private final LocalKafka kafka;

        KafkaSource(LocalKafka kafka) {
            this.kafka = kafka;
        }

        @Override
        public String prefix() {
            return "k";
        }

        @Override
        public String label() {
            return "Spark's kafka source";
        }

        @Override
        public void create(String name) {
            // Created with the broker.
        }

        @Override
        public Dataset<Row> read(SparkSession spark, String name) {
            return spark.readStream()
                    .format("kafka")
                    .option("kafka.bootstrap.servers", kafka.plainBootstrap())
                    .option("subscribe", name)
                    .option("startingOffsets", "latest")
                    .load()
                    .select("value");
        }

        @Override
        public long[] produce(String name, int rate, int seconds) throws IOException, InterruptedException {
            return produceElsewhere("kafka", kafka.plainBootstrap(), name, rate, seconds);
        }

        @Override
        public long cpuTicks() {
            return RealTimeBenchmark.cpuTicks(ProcessHandle.current().pid()) + RealTimeBenchmark.cpuTicks(kafka.pid());
        }
    }

    /** A command running {@code mainClass} with {@code args} in a JVM of this one's kind and classpath. */
    private static List<String> java(String heap, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Runs {@link RealTimeProducer} in a JVM of its own; returns when it handed each tick off for sending. */
    private static long[] produceElsewhere(String kind, String address, String name, int rate, int seconds)
            throws IOException, InterruptedException {
        Path handOffs = Files.createTempFile("realtime-handoffs-", ".bin");
        try {
            Process process = new ProcessBuilder(java(
                            "-Xmx1g",
                            RealTimeProducer.class.getName(),
                            kind,
                            address,
                            name,
                            Integer.toString(PARTITIONS),
                            Integer.toString(rate),
                            Integer.toString(seconds),
                            handOffs.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("The " + kind + " producer of " + name + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IOException("The " + kind + " producer of " + name + " failed: exit " + process.exitValue());
            }
            long[] handedOff = new long[seconds * 100];
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(handOffs)))) {
                for (int tick = 0; tick < handedOff.length; tick++) {
                    handedOff[tick] = in.readLong();
                }
            }
            return handedOff;
        } finally {
            Files.deleteIfExists(handOffs);
        }
    }
}

package io.eventhubsnative.bench;

import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The legacy connector ({@code azure-eventhubs-spark_2.12:2.3.22}, module {@code legacy-bench}, its own JVM) and
 * eventhubs-native draining the same events from the local endpoint over TLS on port 5671, which the legacy SDK
 * requires. Both JVMs trust a certificate made at the start ({@code javax.net.ssl.trustStore}, set by the
 * benchmark profile to {@code bench.tlsDir}); run this before anything in the JVM uses TLS.
 */
final class LegacyBenchmark {

    private static final int PORT = 5671;

    private LegacyBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchmarkSuite.print(rows());
    }

    static List<String> rows() throws Exception {
        int events = Integer.getInteger("bench.legacyEvents", 1_000_000);
        int eventSize = Integer.getInteger("bench.eventSize", 512);
        int partitions = Integer.getInteger("bench.partitions", 8);
        int runs = Math.min(3, Integer.getInteger("bench.runs", 3));
        Path tlsDir = Paths.get(System.getProperty("bench.tlsDir"));
        Files.createDirectories(tlsDir);
        Files.deleteIfExists(tlsDir.resolve("local-eventhubs.p12"));
        Files.deleteIfExists(tlsDir.resolve("local-eventhubs-trust.p12"));
        SelfSignedCertificate certificate = SelfSignedCertificate.create(tlsDir);
        String what = String.format(
                Locale.ROOT,
                "drain %,d x %d B, %d partitions over TLS (port %d): ",
                events,
                eventSize,
                partitions,
                PORT);
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                .port(PORT)
                .tls(certificate.serverContext())
                .hub("bench", partitions)
                .start()) {
            SdkBenchmark.send(hubs, events, eventSize, partitions);
            // One JVM per legacy run: within a JVM its later runs are answered from its executor cache without reading
            // the hub (the endpoint delivered nothing to them), so they measure no reading at all.
            List<Double> legacy = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                legacy.addAll(legacyRuns(hubs, events, 1, certificate));
            }
            SparkSession spark = BenchSpark.start("eventhubs-native over TLS");
            List<Double> ours = new ArrayList<>();
            double oursCold;
            try {
                long delivered = hubs.counters().deliveries();
                oursCold = BenchSpark.drainToNoop(
                        spark.readStream()
                                .format("eventhubs-native")
                                .option("eventhubs.connectionString", hubs.connectionString("bench"))
                                .option("eventhubs.startingPosition", "earliest")
                                .load(),
                        events);
                for (int run = 0; run < runs; run++) {
                    ours.add(BenchSpark.drainToNoop(
                            spark.readStream()
                                    .format("eventhubs-native")
                                    .option("eventhubs.connectionString", hubs.connectionString("bench"))
                                    .option("eventhubs.startingPosition", "earliest")
                                    .load(),
                            events));
                }
                System.out.printf(
                        Locale.ROOT,
                        "eventhubs-native: the endpoint delivered %,d events for %d drains of %,d%n",
                        hubs.counters().deliveries() - delivered,
                        runs + 1,
                        events);
            } finally {
                spark.stop();
            }
            double legacyMedian = median(legacy);
            double oursMedian = median(ours);
            System.out.printf(
                    Locale.ROOT,
                    "over TLS: legacy %s (each in a fresh JVM), eventhubs-native first drain of its JVM %.0f,"
                            + " then %s events/s%n",
                    legacy,
                    oursCold,
                    ours);
            List<String> rows = new ArrayList<>();
            rows.add(BenchmarkSuite.row(
                    what + "legacy `azure-eventhubs-spark` 2.3.22 (`format(\"eventhubs\")`), a fresh JVM per run",
                    SparkDrainBenchmark.rate(legacyMedian, eventSize),
                    "1.00x"));
            rows.add(BenchmarkSuite.row(
                    what + "eventhubs-native, first drain of its JVM",
                    SparkDrainBenchmark.rate(oursCold, eventSize),
                    String.format(Locale.ROOT, "%.1fx the legacy connector", oursCold / legacyMedian)));
            rows.add(BenchmarkSuite.row(
                    what + "**eventhubs-native**",
                    SparkDrainBenchmark.rate(oursMedian, eventSize),
                    String.format(
                            Locale.ROOT,
                            "%.1fx the legacy connector (goal >= 20x: %s)",
                            oursMedian / legacyMedian,
                            BenchmarkSuite.met(oursMedian >= 20 * legacyMedian))));
            return rows;
        }
    }

    private static List<Double> legacyRuns(LocalEventHubs hubs, int events, int runs, SelfSignedCertificate certificate)
            throws Exception {
        String connectionString = hubs.connectionString("bench");
        long before = hubs.counters().deliveries();
        long delivered = before;
        Path home = Paths.get(System.getProperty("legacyBench.home"));
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx4g");
        command.addAll(Arrays.asList(
                System.getProperty("bench.sparkJvmArgs", "").trim().split("\\s+")));
        Collections.addAll(
                command,
                "-Djavax.net.ssl.trustStore=" + certificate.trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + SelfSignedCertificate.PASSWORD,
                "-cp",
                home.resolve("classes") + File.pathSeparator + home.resolve("lib") + File.separator + "*",
                "io.eventhubsnative.legacybench.LegacyDrain",
                connectionString,
                Integer.toString(events),
                Integer.toString(runs));
        command.removeIf(String::isEmpty);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Double> rates = new ArrayList<>();
        StringBuilder tail = new StringBuilder();
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith("legacy-run ")) {
                    rates.add(Double.parseDouble(line.substring("legacy-run ".length())));
                    System.out.println("legacy connector run: " + line.substring("legacy-run ".length()) + " events/s");
                } else if (line.startsWith("legacy run ")) {
                    long now = hubs.counters().deliveries();
                    System.out.println(line + "; the endpoint delivered " + (now - delivered) + " events meanwhile");
                    delivered = now;
                } else if (tail.length() < 20_000) {
                    tail.append(line).append('\n');
                }
            }
        }
        int exit = process.waitFor();
        if (hubs.counters().deliveries() - before < (long) events * runs) {
            throw new IllegalStateException(
                    "The legacy connector reported its drains without reading every event from the hub");
        }
        if (rates.isEmpty() || exit != 0) {
            throw new IllegalStateException("The legacy connector did not drain (exit " + exit + "):\n" + tail);
        }
        return rates;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

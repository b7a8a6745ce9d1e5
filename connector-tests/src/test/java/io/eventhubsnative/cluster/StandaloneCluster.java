package io.eventhubsnative.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster of separate JVMs on 127.0.0.1: one Master and {@code n} Workers started from a
 * {@code SPARK_HOME} whose {@code jars/} Maven (or a test) laid out, and driver programs (a Java main, or a PySpark
 * program) run as their own processes against it. The Workers start executors (CoarseGrainedExecutorBackend) as their
 * child processes. {@link #close()} stops every process it started, executors included, and a shutdown hook does the
 * same if the test JVM exits first. Every wait is bounded.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration DAEMON_START = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Path sparkHome;
    private final String scalaVersion;
    private final Path javaHome;
    private final Path runDir;
    private final Path logs;
    private final List<Process> daemons = new ArrayList<>();
    private final List<Process> drivers = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "standalone-cluster-stop");
    private int masterPort;
    private String masterUrl;

    private StandaloneCluster(Path sparkHome, String scalaVersion, Path javaHome, Path runDir) throws IOException {
        this.sparkHome = sparkHome;
        this.scalaVersion = scalaVersion;
        this.javaHome = javaHome;
        this.runDir = runDir;
        this.logs = Files.createDirectories(runDir.resolve("logs"));
    }

    /** Starts a Master and {@code workers} Workers with one core each and waits until all Workers registered. */
    static StandaloneCluster start(Path sparkHome, Path runDir, int workers) throws IOException {
        return start(sparkHome, "2.12", runDir, workers);
    }

    /** As above, for a Spark of the given Scala line (Workers need it to build an executor's command line). */
    public static StandaloneCluster start(Path sparkHome, String scalaVersion, Path runDir, int workers)
            throws IOException {
        return start(sparkHome, scalaVersion, Path.of(System.getProperty("java.home")), runDir, workers);
    }

    /** As above, every JVM of the cluster (daemons, executors, drivers) on the Java of {@code javaHome}. */
    public static StandaloneCluster start(Path sparkHome, String scalaVersion, Path javaHome, Path runDir, int workers)
            throws IOException {
        StandaloneCluster cluster = new StandaloneCluster(sparkHome, scalaVersion, javaHome, runDir);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.startDaemons(workers);
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startDaemons(int workers) throws IOException {
        masterPort = freePort();
        Path masterLog = logs.resolve("master.log");
        Process master = startDaemon(
                masterLog,
                "org.apache.spark.deploy.master.Master",
                "--host",
                LOOPBACK,
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                "0");
        awaitLine(master, masterLog, "elected leader", "the Master");
        // The port actually bound (Spark moves on to the next port if the free one was taken meanwhile).
        masterUrl = lines(masterLog).stream()
                .filter(line -> line.contains("Starting Spark master at "))
                .map(line -> line.substring(line.indexOf("spark://")).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("The Master did not log its URL:\n" + tail(masterLog, 40)));

        List<Process> started = new ArrayList<>();
        for (int n = 1; n <= workers; n++) {
            Path workDir = Files.createDirectories(runDir.resolve("work").resolve("worker" + n));
            started.add(startDaemon(
                    logs.resolve("worker" + n + ".log"),
                    "org.apache.spark.deploy.worker.Worker",
                    masterUrl(),
                    "--host",
                    LOOPBACK,
                    "--cores",
                    "1",
                    "--memory",
                    "1g",
                    "--webui-port",
                    "0",
                    "--work-dir",
                    workDir.toString()));
        }
        for (int n = 1; n <= workers; n++) {
            awaitLine(
                    started.get(n - 1),
                    logs.resolve("worker" + n + ".log"),
                    "Successfully registered with master",
                    "Worker " + n);
        }
    }

    public String masterUrl() {
        return masterUrl;
    }

    public Path logs() {
        return logs;
    }

    /** The Workers' work directories, where each executor keeps its stdout/stderr and the jars it fetched. */
    public Path workDir() {
        return runDir.resolve("work");
    }

    /**
     * Runs {@code mainClass} as a driver JVM whose classpath is {@code classpath} followed by {@code SPARK_HOME/jars/*}
     * and waits for it to exit, at most {@code timeout}; returns its exit code, or fails (after killing it) on time-out.
     */
    int runDriver(String name, List<Path> classpath, String mainClass, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions("-Xmx1g"));
        command.add("-cp");
        command.add(Stream.concat(classpath.stream().map(Path::toString), Stream.of(sparkHome.resolve("jars") + "/*"))
                .collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        return runDriver(name, command, Map.of(), timeout);
    }

    /**
     * Runs {@code command} as a driver (a PySpark program, say) with this cluster's environment plus {@code env}, and
     * waits for it to exit, at most {@code timeout}; returns its exit code, or fails (after killing it) on time-out.
     */
    public int runDriver(String name, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Process driver = launch(command, logs.resolve(name + ".log"), env);
        synchronized (drivers) {
            drivers.add(driver);
        }
        if (!driver.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop(driver);
            throw new AssertionError("Driver " + name + " did not finish within " + timeout.toSeconds()
                    + " s; log tail:\n" + tail(logs.resolve(name + ".log"), 60));
        }
        return driver.exitValue();
    }

    private Process startDaemon(Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions("-Xmx384m"));
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        Process process = launch(command, log);
        synchronized (daemons) {
            daemons.add(process);
        }
        return process;
    }

    private Process launch(List<String> command, Path log) throws IOException {
        return launch(command, log, Map.of());
    }

    private Process launch(List<String> command, Path log, Map<String, String> extraEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("SPARK_") || key.startsWith("PYSPARK_"));
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_LOCAL_IP", LOOPBACK);
        // Without it a Worker cannot build an executor's command line from a SPARK_HOME that holds only jars/.
        env.put("SPARK_SCALA_VERSION", scalaVersion);
        env.put(
                "SPARK_LOCAL_DIRS",
                Files.createDirectories(runDir.resolve("local")).toString());
        env.put("JAVA_HOME", javaHome.toString());
        env.putAll(extraEnv);
        return builder.start();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static List<String> jvmOptions(String heap) {
        List<String> options = new ArrayList<>();
        options.add(heap);
        // Spark's own list of --add-opens for JDK 17 (the executors get it from Spark itself).
        options.addAll(
                Arrays.asList(JavaModuleOptions.defaultModuleOptions().trim().split("\\s+")));
        options.add("-Djava.net.preferIPv4Stack=true");
        return options;
    }

    private String javaExecutable() {
        return javaHome.resolve("bin").resolve("java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private void awaitLine(Process process, Path log, String text, String what) {
        long deadline = System.nanoTime() + DAEMON_START.toNanos();
        while (!contains(log, line -> line.contains(text))) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        what + " exited with " + process.exitValue() + "; log tail:\n" + tail(log, 60));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not report '" + text + "' within " + DAEMON_START.toSeconds()
                        + " s; log tail:\n" + tail(log, 60));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(Path log, Predicate<String> line) {
        if (!Files.exists(log)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(line);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of a log file, for failure messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down and runs the hook itself.
        }
    }

    /** Drivers first, then Workers (and the executors they started), then the Master; each by its own process. */
    private void stopAll() {
        List<Process> order = new ArrayList<>();
        synchronized (drivers) {
            order.addAll(drivers);
            drivers.clear();
        }
        synchronized (daemons) {
            List<Process> reversed = new ArrayList<>(daemons);
            java.util.Collections.reverse(reversed);
            order.addAll(reversed);
            daemons.clear();
        }
        for (Process process : order) {
            stop(process);
        }
    }

    /** SIGTERM, bounded wait, then SIGKILL; the same for every descendant (executors of a Worker). */
    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    child.destroyForcibly();
                }
            }
        }
    }
}

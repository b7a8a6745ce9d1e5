package io.eventhubsnative.localkafka;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts {@link LocalKafkaMain} in its own JVM (JDK classes only here, so a Spark test may use this class without the
 * broker's libraries on its classpath). {@code home} is the module's {@code target} folder: {@code classes} and
 * {@code lib}.
 */
public final class LocalKafka implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int saslPort;
    private final int plainPort;

    private LocalKafka(Process process, Path dir, int saslPort, int plainPort) {
        this.process = process;
        this.dir = dir;
        this.saslPort = saslPort;
        this.plainPort = plainPort;
    }

    /**
     * A broker whose PLAIN sign-in takes connection strings with {@code keyName}/{@code key}, whose OAUTHBEARER sign-in
     * takes tokens for {@code audience}, with {@code topics} given as {@code name:partitions}.
     */
    public static LocalKafka start(Path home, String keyName, String key, String audience, String... topics) {
        if (!Files.isDirectory(home.resolve("lib")) || !Files.isDirectory(home.resolve("classes"))) {
            throw new IllegalStateException(
                    home + " is not local-kafka's target folder with classes/ and lib/: build it"
                            + " with mvn -pl local-kafka package");
        }
        try {
            Path dir = Files.createTempDirectory("local-kafka");
            int[] ports = freePorts(3);
            List<String> command = new ArrayList<>();
            command.add(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            Collections.addAll(
                    command,
                    "-Xmx1g",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dlocalkafka.keyName=" + keyName,
                    "-Dlocalkafka.key=" + key,
                    "-Dlocalkafka.audience=" + audience,
                    "-cp",
                    home.resolve("classes") + File.pathSeparator + home.resolve("lib") + File.separator + "*",
                    LocalKafkaMain.class.getName(),
                    dir.toString(),
                    Integer.toString(ports[0]),
                    Integer.toString(ports[1]),
                    Integer.toString(ports[2]));
            Collections.addAll(command, topics);
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            LocalKafka kafka = new LocalKafka(process, dir, ports[0], ports[1]);
            kafka.awaitReady(Duration.ofSeconds(120));
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} of the listener that signs clients in like the Event Hubs Kafka endpoint (SASL_PLAINTEXT). */
    public String saslBootstrap() {
        return "127.0.0.1:" + saslPort;
    }

    /** The broker's process id, e.g. to read its CPU time. */
    public long pid() {
        return process.pid();
    }

    /** {@code host:port} of the listener without sign-in (PLAINTEXT). */
    public String plainBootstrap() {
        return "127.0.0.1:" + plainPort;
    }

    /** Reads the broker's output until it says it is ready, then keeps draining it into broker.log. */
    private void awaitReady(Duration timeout) throws IOException {
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        Thread timer = new Thread(
                () -> {
                    try {
                        Thread.sleep(timeout.toMillis());
                        process.destroyForcibly();
                    } catch (InterruptedException e) {
                        // ready in time
                    }
                },
                "local-kafka-start-timeout");
        timer.setDaemon(true);
        timer.start();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.equals(LocalKafkaMain.READY)) {
                timer.interrupt();
                Thread drain = new Thread(() -> drainTo(output, dir.resolve("broker.log")), "local-kafka-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            seen.append(line).append('\n');
        }
        close();
        throw new IllegalStateException("The Kafka broker did not start within " + timeout + ":\n" + seen);
    }

    private static void drainTo(BufferedReader output, Path log) {
        try (java.io.Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = output.readLine()) != null) {
                writer.write(line);
                writer.write('\n');
                writer.flush();
            }
        } catch (IOException e) {
            // the broker is gone
        }
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return ports;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the broker halts when its input closes
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}

package io.eventhubsnative.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local-eventhubs.jar [--port N] [--config Config.json] [--host 127.0.0.1]}. */
public final class Main {

    private static final String USAGE =
            "Usage: java -jar local-eventhubs.jar [--port 5672] [--config Config.json] [--host 127.0.0.1]";

    private Main() {}

    public static void main(String[] args) throws Exception {
        LocalEventHubs.Builder builder = LocalEventHubs.builder().port(5672);
        EmulatorConfig config = EmulatorConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                fail("'" + arg + "' needs a value. " + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--port" -> builder.port(parsePort(value));
                case "--host" -> builder.host(value);
                case "--config" -> {
                    Path file = Path.of(value);
                    if (!Files.isRegularFile(file)) {
                        fail("Config file not found: " + file.toAbsolutePath());
                    }
                    try {
                        config = EmulatorConfig.read(file);
                    } catch (IllegalArgumentException | java.io.IOException e) {
                        // The message names the file and what is wrong with it; a stack trace would only bury that.
                        fail(e.getMessage());
                    }
                }
                default -> fail("Unknown argument '" + arg + "'. " + USAGE);
            }
        }
        LocalEventHubs hubs;
        try {
            hubs = builder.config(config).start();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            fail(e.getMessage() + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            hubs.close();
                            System.out.println("local-eventhubs stopped");
                            stopped.countDown();
                        },
                        "local-eventhubs-shutdown"));
        System.out.println("Connection string: " + hubs.connectionString());
        for (HubConfig hub : config.hubs()) {
            System.out.println(
                    "Event hub '" + hub.name() + "': " + hub.partitionCount() + " partitions, consumer groups $Default"
                            + (hub.consumerGroups().isEmpty() ? "" : ", " + String.join(", ", hub.consumerGroups())));
        }
        System.out.println("local-eventhubs ready on port " + hubs.port());
        System.out.flush();
        stopped.await();
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail("--port must be a number from 0 to 65535, got '" + value + "'.");
        return -1;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}

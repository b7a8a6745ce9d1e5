package io.eventhubsnative.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar local-eventhubs.jar [--port N] [--config Config.json] [--host 127.0.0.1] [--tls]}. */
public final class Main {

    private static final String USAGE = "Usage: java -jar local-eventhubs.jar [--port 5672] [--config Config.json]"
            + " [--host 127.0.0.1] [--tls [--tls-keystore server.p12 --tls-password secret]]"
            + " [--schema-registry group1,group2]";

    private Main() {}

    public static void main(String[] args) throws Exception {
        LocalEventHubs.Builder builder = LocalEventHubs.builder();
        EmulatorConfig config = EmulatorConfig.defaults();
        Integer port = null;
        boolean tls = false;
        Path keyStore = null;
        String keyStorePassword = null;
        String[] schemaGroups = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (arg.equals("--tls")) {
                tls = true;
                continue;
            }
            if (i + 1 >= args.length) {
                fail("'" + arg + "' needs a value. " + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--port" -> port = parsePort(value);
                case "--tls-keystore" -> keyStore = Path.of(value);
                case "--tls-password" -> keyStorePassword = value;
                case "--host" -> builder.host(value);
                case "--schema-registry" -> schemaGroups = value.split(",");
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
        if (keyStore != null && !tls) {
            fail("--tls-keystore needs --tls, e.g. --tls --tls-keystore server.p12 --tls-password secret");
        }
        // The service's ports: 5671 for AMQPS, 5672 for plain AMQP (the emulator's).
        builder.port(port != null ? port : tls ? 5671 : 5672);
        String trust = null;
        if (tls) {
            trust = configureTls(builder, keyStore, keyStorePassword);
        }
        String registryTrust = null;
        if (schemaGroups != null) {
            registryTrust = configureRegistry(builder, schemaGroups);
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
        if (trust != null) {
            System.out.println(trust);
            if (hubs.port() != 5671) {
                System.out.println("Clients reach this port with a custom endpoint address: https://localhost:"
                        + hubs.port() + " (Java: EventHubClientBuilder.customEndpointAddress, Python:"
                        + " custom_endpoint_address, eventhubs-native: eventhubs.customEndpointAddress)");
            }
        }
        if (registryTrust != null) {
            System.out.println(
                    "Schema Registry: " + hubs.schemaRegistryNamespace() + ", groups "
                            + String.join(", ", schemaGroups) + "; " + registryTrust
                            + " (eventhubs-native: eventhubs.schemaRegistry.namespace and eventhubs.schemaRegistry.trustCertificate)");
        }
        for (HubConfig hub : config.hubs()) {
            System.out.println(
                    "Event hub '" + hub.name() + "': " + hub.partitionCount() + " partitions, consumer groups $Default"
                            + (hub.consumerGroups().isEmpty() ? "" : ", " + String.join(", ", hub.consumerGroups())));
        }
        System.out.println("local-eventhubs ready on port " + hubs.port());
        System.out.flush();
        stopped.await();
    }

    /** Sets up TLS from the key store given, or a generated certificate; what clients should trust. */
    private static String configureTls(LocalEventHubs.Builder builder, Path keyStore, String password) {
        try {
            if (keyStore != null) {
                if (!Files.isRegularFile(keyStore)) {
                    fail("TLS key store not found: " + keyStore.toAbsolutePath() + " (a PKCS#12 file, --tls-keystore)");
                }
                if (password == null) {
                    fail("--tls-keystore needs --tls-password, the key store's password");
                }
                builder.tls(SelfSignedCertificate.serverContext(keyStore, password));
                return "TLS with the certificate in " + keyStore.toAbsolutePath();
            }
            Path dir = Files.createTempDirectory("local-eventhubs-tls");
            SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
            builder.tls(certificate.serverContext());
            return "TLS with a generated certificate for localhost; clients trust " + certificate.pem()
                    + " (PEM) or " + certificate.trustStore() + " (PKCS#12, password "
                    + SelfSignedCertificate.PASSWORD + ")";
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException e) {
            fail("TLS could not be set up (" + e.getMessage() + "); check --tls-keystore and --tls-password");
            return null;
        }
    }

    /** Serves the Schema Registry over HTTPS with a generated certificate; what clients should trust. */
    private static String configureRegistry(LocalEventHubs.Builder builder, String[] groups) {
        for (String group : groups) {
            if (group.isBlank()) {
                fail(
                        "--schema-registry takes schema group names separated by commas, e.g. --schema-registry telemetry");
            }
        }
        try {
            SelfSignedCertificate certificate =
                    SelfSignedCertificate.create(Files.createTempDirectory("local-eventhubs-registry"));
            builder.schemaRegistry(certificate.serverContext(), groups);
            return "HTTPS with a generated certificate for localhost; clients trust " + certificate.pem() + " (PEM)";
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalStateException e) {
            fail("The Schema Registry's certificate could not be made: " + e.getMessage());
            return null;
        }
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

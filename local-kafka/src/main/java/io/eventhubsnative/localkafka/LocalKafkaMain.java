package io.eventhubsnative.localkafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.kafka.common.Uuid;

/**
 * {@code java -cp ... LocalKafkaMain <dir> <sasl port> <plaintext port> <controller port> [topic:partitions ...]}:
 * formats a one-node KRaft log in {@code dir}, runs the broker on 127.0.0.1 with a SASL_PLAINTEXT listener (PLAIN
 * and OAUTHBEARER checked like the Event Hubs Kafka endpoint) and a PLAINTEXT one for benchmarks, creates the topics
 * and prints {@value #READY}. It exits when its standard input closes, so it never outlives the process that
 * started it (see {@link LocalKafka}).
 */
public final class LocalKafkaMain {

    static final String READY = "local-kafka ready";

    private LocalKafkaMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println(
                    "Usage: LocalKafkaMain <dir> <sasl port> <plaintext port> <controller port> [topic:partitions ...]");
            System.exit(2);
        }
        Path dir = Paths.get(args[0]);
        Path properties = dir.resolve("server.properties");
        Files.createDirectories(dir);
        Files.write(properties, serverProperties(dir, args[1], args[2], args[3]).getBytes(StandardCharsets.UTF_8));
        int formatted = kafka.tools.StorageTool.execute(
                new String[] {
                    "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString(), "--ignore-formatted"
                },
                System.out);
        if (formatted != 0) {
            System.exit(formatted);
        }
        Thread watcher = new Thread(LocalKafkaMain::exitWhenParentGoes, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] {properties.toString()}), "kafka-main");
        broker.start();
        createTopics("127.0.0.1:" + args[2], java.util.Arrays.copyOfRange(args, 4, args.length));
        System.out.println(READY);
        System.out.flush();
        broker.join();
    }

    private static void createTopics(String bootstrap, String[] topics) throws Exception {
        java.util.Properties config = new java.util.Properties();
        config.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            admin.describeCluster().nodes().get(60, java.util.concurrent.TimeUnit.SECONDS);
            java.util.List<org.apache.kafka.clients.admin.NewTopic> newTopics = new java.util.ArrayList<>();
            for (String topic : topics) {
                String[] nameAndPartitions = topic.split(":");
                newTopics.add(new org.apache.kafka.clients.admin.NewTopic(
                        nameAndPartitions[0], Integer.parseInt(nameAndPartitions[1]), (short) 1));
            }
            admin.createTopics(newTopics).all().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static void exitWhenParentGoes() {
        try {
            InputStream in = System.in;
            while (in.read() >= 0) {
                // keep reading until the parent closes the pipe
            }
        } catch (IOException e) {
            // the pipe broke: same as closed
        }
        Runtime.getRuntime().halt(0);
    }

    private static String serverProperties(Path dir, String saslPort, String plainPort, String controllerPort) {
        String sasl = "listener.name.sasl_plaintext.";
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + saslPort + ",PLAINTEXT://127.0.0.1:" + plainPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + saslPort + ",PLAINTEXT://127.0.0.1:" + plainPort,
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "sasl.enabled.mechanisms=PLAIN,OAUTHBEARER",
                sasl + "plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required;",
                sasl + "plain.sasl.server.callback.handler.class=" + ConnectionStringPlainHandler.class.getName(),
                sasl
                        + "oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
                sasl + "oauthbearer.sasl.server.callback.handler.class=" + AudienceTokenValidator.class.getName(),
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=8",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "log.flush.interval.messages=9223372036854775807",
                "");
    }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.local.proxy.ConnectProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster whose network lets only HTTPS out: AMQP over WebSockets through an HTTP CONNECT proxy that asks for
 * credentials, for a stream into Delta, the sink and a batch read; the JVM's system proxy; a custom endpoint address;
 * and a wrong proxy password, which must say so.
 */
class WebSocketProxyTest extends EndToEndTest {

    private static final String USER = "etl";
    private static final String PASSWORD = "pr0xy~S3cret.Value";

    private Map<String, String> throughProxy(String hub, ConnectProxy proxy, String password) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("eventhubs.connectionString", hubs.connectionString());
        options.put("eventhubs.name", hub);
        options.put("eventhubs.transportType", "amqpWebSockets");
        options.put("eventhubs.proxy.host", "127.0.0.1");
        options.put("eventhubs.proxy.port", Integer.toString(proxy.port()));
        options.put("eventhubs.proxy.username", USER);
        options.put("eventhubs.proxy.password", password);
        return options;
    }

    private void assertEveryTunnelWentToTheEndpoint(ConnectProxy proxy) {
        assertThat(proxy.tunnels())
                .as("the proxy's log of tunnels")
                .isNotEmpty()
                .allSatisfy(tunnel ->
                        assertThat(tunnel).isEqualTo(new ConnectProxy.Tunnel("localhost:" + hubs.port(), USER)));
    }

    @Test
    void aHundredThousandEventsReachDeltaOnceThroughTheProxyAcrossARestart(@TempDir Path dir) throws Exception {
        String hub = newHub(4);
        sendToEach(hub, 4, 25_000);
        long webSocketsBefore = hubs.counters().webSocketConnections();
        try (ConnectProxy proxy = ConnectProxy.withBasicAuth(USER, PASSWORD)) {
            Dataset<Row> first = spark.readStream()
                    .format("eventhubs-native")
                    .options(throughProxy(hub, proxy, PASSWORD))
                    .option("eventhubs.startingPosition", "earliest")
                    .option("maxEventsPerTrigger", "10000")
                    .load();
            StreamingQuery running = toDelta(first, dir, Trigger.ProcessingTime(0));
            await(
                    "two batches through the proxy",
                    Duration.ofSeconds(120),
                    () -> batchSizes(running).size() >= 2);
            stop(running);
            // At least two batches landed before the stop; how many more is the machine's speed, not the test's.
            assertThat(deltaCount(dir)).as("before the restart").isGreaterThanOrEqualTo(20_000L);

            Dataset<Row> resumed = spark.readStream()
                    .format("eventhubs-native")
                    .options(throughProxy(hub, proxy, PASSWORD))
                    .option("maxEventsPerTrigger", "40000")
                    .load();
            availableNow(resumed, dir);

            Map<String, List<Long>> read = sequenceNumbers(dir);
            assertThat(read).containsOnlyKeys("0", "1", "2", "3");
            read.forEach((partition, numbers) -> assertThat(numbers)
                    .as("partition %s: every event once", partition)
                    .containsExactlyElementsOf(range(0, 25_000)));
            assertThat(deltaCount(dir)).isEqualTo(100_000);
            assertEveryTunnelWentToTheEndpoint(proxy);
            assertThat(proxy.bytesCarried()).as("bytes through the proxy").isGreaterThan(100_000L * 20);
        }
        assertThat(hubs.counters().webSocketConnections()).isGreaterThan(webSocketsBefore);
    }

    @Test
    void theSinkAndABatchReadGoThroughTheProxyToo() throws Exception {
        String hub = newHub(2);
        try (ConnectProxy proxy = ConnectProxy.withBasicAuth(USER, PASSWORD)) {
            spark.range(1000)
                    .selectExpr("concat('row-', id) as body")
                    .write()
                    .format("eventhubs-native")
                    .options(throughProxy(hub, proxy, PASSWORD))
                    .mode("append")
                    .save();
            Dataset<Row> back = spark.read()
                    .format("eventhubs-native")
                    .options(throughProxy(hub, proxy, PASSWORD))
                    .load();
            assertThat(back.selectExpr("cast(body as string) as body")
                            .distinct()
                            .count())
                    .isEqualTo(1000);
            assertThat(back.count()).isEqualTo(1000);
            assertEveryTunnelWentToTheEndpoint(proxy);
        }
    }

    @Test
    void aWrongProxyPasswordFailsNamingTheOptionsWithoutThePassword() throws Exception {
        String hub = newHub(1);
        String wrong = "wr0ng~Pr0xy.Pass";
        try (ConnectProxy proxy = ConnectProxy.withBasicAuth(USER, PASSWORD)) {
            Map<String, String> options = throughProxy(hub, proxy, wrong);
            options.put("eventhubs.operationTimeout", "5s");
            options.put("eventhubs.maxRetries", "0");
            assertThatThrownBy(() -> spark.read()
                            .format("eventhubs-native")
                            .options(options)
                            .load()
                            .count())
                    .satisfies(error -> {
                        String text = fullText(error);
                        assertThat(text)
                                .contains("refused the credentials")
                                .contains("407")
                                .contains("eventhubs.proxy.username")
                                .contains("eventhubs.proxy.password");
                        assertNoSecret(text, wrong, PASSWORD);
                    });
            assertThat(proxy.tunnels()).isEmpty();
        }
    }

    @Test
    void withoutProxyOptionsWebSocketsGoThroughTheJvmsProxy() throws Exception {
        String hub = newHub(1);
        send(hub, "0", 10);
        // The JVM never proxies localhost, so the client is sent to a name only the proxy resolves.
        try (ConnectProxy proxy = ConnectProxy.start().alias("eventhubs.test", "127.0.0.1")) {
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", Integer.toString(proxy.port()));
            try {
                long read = spark.read()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", hubs.connectionString())
                        .option("eventhubs.name", hub)
                        .option("eventhubs.transportType", "amqpWebSockets")
                        .option("eventhubs.customEndpointAddress", "https://eventhubs.test:" + hubs.port())
                        .load()
                        .count();
                assertThat(read).isEqualTo(10);
            } finally {
                System.clearProperty("https.proxyHost");
                System.clearProperty("https.proxyPort");
            }
            assertThat(proxy.tunnels())
                    .isNotEmpty()
                    .allSatisfy(tunnel -> assertThat(tunnel)
                            .isEqualTo(new ConnectProxy.Tunnel("eventhubs.test:" + hubs.port(), null)));
        }
    }

    @Test
    void aCustomEndpointAddressIsWhereTheClientConnects() {
        String hub = newHub(1);
        send(hub, "0", 10);
        // The connection string names a port nothing listens on; only the custom address leads to the endpoint.
        String unreachable = hubs.connectionString().replace("localhost:" + hubs.port(), "localhost:1");
        long read = spark.read()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", unreachable)
                .option("eventhubs.name", hub)
                .option("eventhubs.customEndpointAddress", "https://127.0.0.1:" + hubs.port())
                .load()
                .count();
        assertThat(read).isEqualTo(10);
    }
}

package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;
import io.eventhubsnative.local.proxy.ConnectProxy;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ui.SQLExecutionUIData;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * A stream and a write signed in with a SAS key through an HTTP proxy that asks for a password, and a stream whose
 * credential provider got a client secret, then every place a secret could leak is searched for all three: the logs (at INFO), what Spark writes to its event log (each
 * listener event as the event log serializes it), {@code explain()} and the plans, {@code lastProgress}, the SQL
 * executions the UI's SQL tab shows with their plan descriptions, and every file of the checkpoints.
 */
class SecretScanTest {

    private static final String SAS_KEY = "U2VjcmV0U2Nhbktleig8PT4pV2hlcmVJc0l0Pw==";
    private static final String CLIENT_SECRET = "scan~Cl1ent.Secret_9f3Kq";
    private static final String PROXY_PASSWORD = "scan~Pr0xy.Passw0rd_7Hj";

    @Test
    void noSasKeyClientSecretOrProxyPasswordShowsAnywhere(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSessions.shared();
        List<String> events = new ArrayList<>();
        SparkListener recorder = new SparkListener() {
            @Override
            public void onOtherEvent(SparkListenerEvent event) {
                record(event);
            }

            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart event) {
                record(event);
            }

            @Override
            public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted event) {
                record(event);
            }

            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd event) {
                record(event);
            }

            private void record(SparkListenerEvent event) {
                synchronized (events) {
                    events.add(JsonProtocol.sparkEventToJsonString(event));
                }
            }
        };
        StringWriter logs = new StringWriter();
        Runnable restoreLogs = captureLogs(logs);
        spark.sparkContext().addSparkListener(recorder);
        List<String> texts = new ArrayList<>();
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                        .sharedAccessKey("scan", SAS_KEY)
                        .hub("scan", 2)
                        .start();
                ConnectProxy proxy = ConnectProxy.withBasicAuth("scan", PROXY_PASSWORD)) {
            String connectionString = hubs.connectionString("scan");
            Map<String, String> throughProxy = Map.of(
                    "eventhubs.transportType", "amqpWebSockets",
                    "eventhubs.proxy.host", "127.0.0.1",
                    "eventhubs.proxy.port", Integer.toString(proxy.port()),
                    "eventhubs.proxy.username", "scan",
                    "eventhubs.proxy.password", PROXY_PASSWORD);

            Dataset<Row> sasStream = spark.readStream()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", connectionString)
                    .options(throughProxy)
                    .option("eventhubs.startingPosition", "earliest")
                    .load();
            spark.range(50)
                    .selectExpr("cast(id as string) as body")
                    .write()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", connectionString)
                    .options(throughProxy)
                    .mode("append")
                    .save();
            texts.add(spark.range(1)
                    .selectExpr("'x' as body")
                    .write()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", connectionString)
                    .toString());
            StreamingQuery sas = sasStream
                    .writeStream()
                    .format("delta")
                    .option("checkpointLocation", dir.resolve("sas-checkpoint").toString())
                    .trigger(Trigger.AvailableNow())
                    .start(dir.resolve("sas-table").toString());
            sas.awaitTermination();
            texts.add(sasStream.queryExecution().toString());
            texts.add(((org.apache.spark.sql.execution.streaming.StreamingQueryWrapper) sas)
                    .streamingQuery()
                    .explainInternal(true));
            texts.add(sas.lastProgress().json());

            Dataset<Row> entraStream = spark.readStream()
                    .format("eventhubs-native")
                    .option("eventhubs.connectionString", connectionString)
                    .option("eventhubs.credentialProvider", FakeJwtProvider.class.getName())
                    .option("eventhubs.credentialProvider.clientSecret", CLIENT_SECRET)
                    .option("eventhubs.startingPosition", "earliest")
                    .load();
            StreamingQuery entra = entraStream
                    .writeStream()
                    .format("delta")
                    .option(
                            "checkpointLocation",
                            dir.resolve("entra-checkpoint").toString())
                    .trigger(Trigger.AvailableNow())
                    .start(dir.resolve("entra-table").toString());
            entra.awaitTermination();
            assertThat(proxy.tunnels())
                    .as("the SAS stream and write went through the proxy")
                    .isNotEmpty();
            assertThat(spark.read()
                            .format("delta")
                            .load(dir.resolve("entra-table").toString())
                            .count())
                    .isEqualTo(50);
            texts.add(entraStream.queryExecution().toString());
            texts.add(((org.apache.spark.sql.execution.streaming.StreamingQueryWrapper) entra)
                    .streamingQuery()
                    .explainInternal(true));
            texts.add(entra.lastProgress().json());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(recorder);
            restoreLogs.run();
        }

        for (SQLExecutionUIData execution :
                JavaConverters.seqAsJavaList(spark.sharedState().statusStore().executionsList())) {
            texts.add(
                    execution.description() + "\n" + execution.details() + "\n" + execution.physicalPlanDescription());
        }
        int files = 0;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                texts.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                files++;
            }
        }
        synchronized (events) {
            texts.addAll(events);
        }
        texts.add(logs.toString());

        assertThat(events).as("listener events recorded").hasSizeGreaterThan(20);
        assertThat(files).as("checkpoint and table files").isGreaterThan(10);
        assertThat(logs.toString()).as("INFO logs captured").isNotEmpty();
        for (String text : texts) {
            assertThat(text)
                    .doesNotContain(SAS_KEY)
                    .doesNotContain(CLIENT_SECRET)
                    .doesNotContain(PROXY_PASSWORD);
        }
    }

    /** Adds an appender at INFO to the root logger; the returned action takes it away and restores the level. */
    private static Runnable captureLogs(StringWriter out) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Appender appender = WriterAppender.newBuilder()
                .setName("secret-scan")
                .setTarget(out)
                .setLayout(
                        PatternLayout.newBuilder().withPattern("%p %c: %m%n%ex").build())
                .build();
        appender.start();
        LoggerConfig root = configuration.getRootLogger();
        Map<LoggerConfig, Level> levels = new java.util.HashMap<>();
        for (LoggerConfig logger : configuration.getLoggers().values()) {
            levels.put(logger, logger.getLevel());
            logger.setLevel(Level.INFO); // the SDK's loggers too, which the tests' configuration keeps at ERROR
        }
        levels.put(root, root.getLevel());
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
        return () -> {
            root.removeAppender("secret-scan");
            levels.forEach(LoggerConfig::setLevel);
            context.updateLoggers();
            appender.stop();
        };
    }
}

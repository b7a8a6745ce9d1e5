package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.eventhubsnative.local.LocalEventHubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misconfigurations and malformed input, each failing with an error of the expected type whose text names the
 * culprit and shows no secret: options at {@code load()}/{@code start()}, DataFrames given to the sink, and what
 * only the service can tell (wrong key, missing hub or consumer group, unreachable host, another hub's checkpoint).
 */
class BadInputMatrixTest extends EndToEndTest {

    /** Secrets of the cases: a SAS key and a client secret that must never show in an error. */
    static final String SAS_KEY = "c2VjcmV0LXNhcy1rZXktb2YtdGhlLW1hdHJpeA==";

    static final String CLIENT_SECRET = "cl13nt~S3cret.Of-The_Matrix";
    private static final String CONNECTION_STRING =
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=" + SAS_KEY;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsNamingTheCulpritWithoutASecret(
            String name, ThrowingCallable action, Class<? extends Throwable> type, List<String> culprits) {
        Throwable error = catchThrowable(action);

        assertThat(error).as(name).isNotNull();
        Throwable matching = find(error, type);
        assertThat(matching)
                .as("%s: an %s in %s", name, type.getSimpleName(), error)
                .isNotNull();
        String text = fullText(error);
        for (String culprit : culprits) {
            assertThat(text).as("%s names %s", name, culprit).contains(culprit);
        }
        assertNoSecret(text, SAS_KEY, CLIENT_SECRET, LocalEventHubs.DEFAULT_KEY);
    }

    private static Throwable find(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        // Options, refused at load() before anything connects.
        cases.add(load("an unknown eventhubs.* option", r -> r.option("eventhubs.foo", "bar"), "eventhubs.foo"));
        cases.add(load(
                "a misspelled option",
                r -> r.option("eventhubs.startingPositon", "earliest"),
                "eventhubs.startingPositon"));
        cases.add(load(
                "malformed position JSON",
                r -> r.option("eventhubs.startingPosition", "{\"sequenceNumber\": }"),
                "eventhubs.startingPosition"));
        cases.add(load(
                "an unknown position word",
                r -> r.option("eventhubs.startingPosition", "beginning"),
                "eventhubs.startingPosition"));
        cases.add(load(
                "a position with an unknown field",
                r -> r.option("eventhubs.startingPosition", "{\"sequence\": 5}"),
                "eventhubs.startingPosition"));
        cases.add(load(
                "malformed per-partition positions",
                r -> r.option("eventhubs.startingPositions", "{\"0\": {\"sequence\": 1}}"),
                "eventhubs.startingPositions"));
        cases.add(load(
                "a negative maxEventsPerTrigger", r -> r.option("maxEventsPerTrigger", "-5"), "maxEventsPerTrigger"));
        cases.add(load(
                "a maxEventsPerTrigger that is no number",
                r -> r.option("maxEventsPerTrigger", "lots"),
                "maxEventsPerTrigger"));
        cases.add(load(
                "a prefetch above the SDK's 8000",
                r -> r.option("eventhubs.prefetchCount", "9000"),
                "eventhubs.prefetchCount"));
        cases.add(load(
                "a receiver timeout that is no duration",
                r -> r.option("eventhubs.receiverTimeout", "soon"),
                "eventhubs.receiverTimeout"));
        cases.add(load(
                "a negative operation timeout",
                r -> r.option("eventhubs.operationTimeout", "-1s"),
                "eventhubs.operationTimeout"));
        cases.add(load("too many retries", r -> r.option("eventhubs.maxRetries", "1000"), "eventhubs.maxRetries"));
        cases.add(
                load("failOnDataLoss that is no boolean", r -> r.option("failOnDataLoss", "maybe"), "failOnDataLoss"));
        cases.add(of(
                "an ending position on a stream",
                () -> drain(stream(newHub(1)).option("eventhubs.endingPosition", "latest")),
                IllegalArgumentException.class,
                "eventhubs.endingPosition"));
        cases.add(of(
                "a missing hub name",
                () -> spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", CONNECTION_STRING)
                        .load(),
                IllegalArgumentException.class,
                "eventhubs.name"));
        cases.add(of(
                "neither connection string nor namespace",
                () -> spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.name", "telemetry")
                        .load(),
                IllegalArgumentException.class,
                "eventhubs.connectionString"));
        cases.add(of(
                "a connection string that is none",
                () -> spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", "Endpoint=contoso;" + SAS_KEY)
                        .option("eventhubs.name", "t")
                        .load(),
                IllegalArgumentException.class,
                "eventhubs.connectionString"));
        cases.add(of(
                "a key without its key name",
                () -> spark.readStream()
                        .format("eventhubs-native")
                        .option(
                                "eventhubs.connectionString",
                                "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKey=" + SAS_KEY)
                        .option("eventhubs.name", "t")
                        .load(),
                IllegalArgumentException.class,
                "SharedAccessKeyName"));
        cases.add(of(
                "a client secret without a tenant",
                () -> entraId()
                        .option("eventhubs.auth", "servicePrincipal")
                        .option("eventhubs.clientId", "app")
                        .option("eventhubs.clientSecret", CLIENT_SECRET)
                        .load(),
                IllegalArgumentException.class,
                "eventhubs.tenantId"));
        cases.add(of(
                "a connection string and an Entra ID mode at once",
                () -> spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", CONNECTION_STRING)
                        .option("eventhubs.name", "t")
                        .option("eventhubs.auth", "servicePrincipal")
                        .option("eventhubs.tenantId", "tenant")
                        .option("eventhubs.clientId", "app")
                        .option("eventhubs.clientSecret", CLIENT_SECRET)
                        .load(),
                IllegalArgumentException.class,
                "eventhubs.auth"));
        cases.add(of(
                "a certificate file that does not exist",
                () -> entraId()
                        .option("eventhubs.auth", "servicePrincipal")
                        .option("eventhubs.tenantId", "tenant")
                        .option("eventhubs.clientId", "app")
                        .option("eventhubs.clientCertificatePath", "/nowhere/sp.pem")
                        .load(),
                IllegalArgumentException.class,
                "/nowhere/sp.pem"));
        cases.add(of(
                "an unknown sign-in mode",
                () -> entraId().option("eventhubs.auth", "kerberos").load(),
                IllegalArgumentException.class,
                "eventhubs.auth",
                "kerberos"));
        cases.add(of(
                "a credential provider class that does not exist",
                () -> entraId()
                        .option("eventhubs.credentialProvider", "com.example.NoSuchProvider")
                        .load(),
                IllegalArgumentException.class,
                "com.example.NoSuchProvider"));
        // DataFrames given to the sink.
        cases.add(of(
                "a DataFrame without a body column",
                () -> write(spark.range(3).toDF("value")),
                Exception.class,
                "body"));
        cases.add(of("a body of the wrong type", () -> write(spark.range(3).toDF("body")), Exception.class, "body"));
        cases.add(of(
                "properties that are no map",
                () -> write(spark.range(3).selectExpr("'x' as body", "'y' as properties")),
                Exception.class,
                "properties"));
        cases.add(of(
                "a row with both a partition id and a partition key",
                () -> write(spark.range(3).selectExpr("'x' as body", "'0' as partitionId", "'k' as partitionKey")),
                Exception.class,
                "partitionId",
                "partitionKey"));
        cases.add(of(
                "an event over the hub's size limit",
                () -> write(spark.range(1).selectExpr("repeat('x', 2000000) as body")),
                Exception.class,
                "2000000"));
        // What only the service can tell.
        cases.add(of(
                "a wrong SAS key",
                () -> drain(spark.readStream()
                        .format("eventhubs-native")
                        .option(
                                "eventhubs.connectionString",
                                hubs.connectionString().replace(LocalEventHubs.DEFAULT_KEY, SAS_KEY))
                        .option("eventhubs.name", newHub(1))
                        .option("eventhubs.operationTimeout", "10s")),
                Exception.class,
                "eventhubs.connectionString"));
        cases.add(of(
                "an event hub that does not exist",
                () -> drain(stream("no-such-hub").option("eventhubs.operationTimeout", "10s")),
                Exception.class,
                "no-such-hub"));
        cases.add(of(
                "a consumer group that does not exist",
                () -> {
                    String hub = newHub(1);
                    send(hub, "0", 1);
                    drain(stream(hub)
                            .option("eventhubs.consumerGroup", "no-such-group")
                            .option("eventhubs.operationTimeout", "10s")
                            .option("eventhubs.startingPosition", "earliest"));
                },
                Exception.class,
                "no-such-group"));
        cases.add(of(
                "an unreachable namespace",
                () -> drain(spark.readStream()
                        .format("eventhubs-native")
                        .option(
                                "eventhubs.connectionString",
                                "Endpoint=sb://localhost:1;SharedAccessKeyName=k;SharedAccessKey=" + SAS_KEY
                                        + ";UseDevelopmentEmulator=true")
                        .option("eventhubs.name", "far")
                        .option("eventhubs.operationTimeout", "5s")),
                Exception.class,
                "far"));
        cases.add(of(
                "a checkpoint of another event hub",
                () -> {
                    String first = newHub(1);
                    String second = newHub(1);
                    send(first, "0", 1);
                    send(second, "0", 1);
                    Path dir = Files.createTempDirectory("matrix-checkpoint");
                    availableNow(
                            stream(first)
                                    .option("eventhubs.startingPosition", "earliest")
                                    .load(),
                            dir);
                    send(second, "0", 1);
                    StreamingQuery query = toDelta(
                            stream(second)
                                    .option("eventhubs.startingPosition", "earliest")
                                    .load(),
                            dir,
                            Trigger.AvailableNow());
                    throw awaitFailure(query, RUN_TIMEOUT_MS);
                },
                Exception.class,
                "checkpointLocation"));
        return cases.stream();
    }

    private DataStreamReader entraId() {
        return spark.readStream()
                .format("eventhubs-native")
                .option("eventhubs.namespace", "contoso.servicebus.windows.net")
                .option("eventhubs.name", "telemetry");
    }

    private Arguments load(String name, java.util.function.UnaryOperator<DataStreamReader> options, String culprit) {
        return of(
                name,
                () -> options.apply(spark.readStream()
                                .format("eventhubs-native")
                                .option("eventhubs.connectionString", CONNECTION_STRING)
                                .option("eventhubs.name", "telemetry"))
                        .load(),
                IllegalArgumentException.class,
                culprit);
    }

    private void write(Dataset<Row> rows) {
        rows.write()
                .format("eventhubs-native")
                .option("eventhubs.connectionString", hubs.connectionString())
                .option("eventhubs.name", newHub(1))
                .mode("append")
                .save();
    }

    private void drain(DataStreamReader reader) throws Exception {
        Path dir = Files.createTempDirectory("matrix");
        StreamingQuery query = toDelta(reader.load(), dir, Trigger.AvailableNow());
        throw awaitFailure(query, RUN_TIMEOUT_MS);
    }

    private static Arguments of(
            String name, ThrowingCallable action, Class<? extends Throwable> type, String... culprits) {
        return Arguments.of(name, action, type, Arrays.asList(culprits));
    }
}

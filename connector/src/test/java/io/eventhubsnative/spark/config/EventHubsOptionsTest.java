package io.eventhubsnative.spark.config;

import static io.eventhubsnative.spark.config.TestOptions.EMULATOR_CS;
import static io.eventhubsnative.spark.config.TestOptions.HUB_CS;
import static io.eventhubsnative.spark.config.TestOptions.KEY;
import static io.eventhubsnative.spark.config.TestOptions.NAMESPACE_CS;
import static io.eventhubsnative.spark.config.TestOptions.SIGNATURE;
import static io.eventhubsnative.spark.config.TestOptions.options;
import static io.eventhubsnative.spark.config.TestOptions.rejects;
import static io.eventhubsnative.spark.config.TestOptions.withConnectionString;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.spark.client.EventHubsClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EventHubsOptionsTest {

    @Nested
    class Defaults {

        private final EventHubsOptions options = EventHubsOptions.parse(withConnectionString());

        @Test
        void identifyTheHubFromTheConnectionString() {
            assertThat(options.fullyQualifiedNamespace()).isEqualTo("myns.servicebus.windows.net");
            assertThat(options.eventHubName()).isEqualTo("telemetry");
            assertThat(options.namespaceAndHub()).isEqualTo("myns.servicebus.windows.net/telemetry");
            assertThat(options.consumerGroup()).isEqualTo("$Default");
            assertThat(options.authMode()).isEqualTo(AuthMode.SAS);
            assertThat(options.useDevelopmentEmulator()).isFalse();
        }

        @Test
        void streamFromLatestWithoutEnd() {
            assertThat(options.startingPosition()).isNull();
            assertThat(options.startingPosition("7", EventHubsOptions.STREAM_START))
                    .isEqualTo(PositionSpec.latest());
            assertThat(options.startingPositions()).isEmpty();
            assertThat(options.hasEndingPositions()).isFalse();
            assertThat(options.endingPositions()).isEmpty();
        }

        @Test
        void readAllAvailableAndFailOnDataLoss() {
            assertThat(options.maxEventsPerTrigger()).isNull();
            assertThat(options.minEventsPerTrigger()).isNull();
            assertThat(options.maxTriggerDelay()).isEqualTo(Duration.ofMinutes(15));
            assertThat(options.failOnDataLoss()).isTrue();
        }

        @Test
        void receiverTuning() {
            assertThat(options.prefetchCount()).isEqualTo(500);
            assertThat(options.receiverTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(options.operationTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(options.maxRetries()).isEqualTo(3);
        }

        @Test
        void batchReadsFromEarliestToLatest() {
            EventHubsOptions batch = EventHubsOptions.parse(withConnectionString());
            assertThat(batch.startingPosition("3", EventHubsOptions.BATCH_START))
                    .isEqualTo(PositionSpec.earliest());
            assertThat(batch.endingPosition()).isEqualTo(PositionSpec.latest());
            assertThat(batch.endingPosition("3")).isEqualTo(PositionSpec.latest());
        }

        @Test
        void blankValuesCountAsNotSet() {
            EventHubsOptions parsed = EventHubsOptions.parse(
                    withConnectionString("eventhubs.consumerGroup", "  ", "maxEventsPerTrigger", ""));
            assertThat(parsed.consumerGroup()).isEqualTo("$Default");
            assertThat(parsed.maxEventsPerTrigger()).isNull();
        }
    }

    @Test
    void keysAreCaseInsensitive() {
        EventHubsOptions options = EventHubsOptions.parse(new CaseInsensitiveStringMap(options(
                "EVENTHUBS.CONNECTIONSTRING", HUB_CS,
                "EventHubs.ConsumerGroup", "spark",
                "MAXEVENTSPERTRIGGER", "5000",
                "failondataloss", "FALSE")));
        assertThat(options.consumerGroup()).isEqualTo("spark");
        assertThat(options.maxEventsPerTrigger()).isEqualTo(5000L);
        assertThat(options.failOnDataLoss()).isFalse();
    }

    @Nested
    class ConnectionStrings {

        @Test
        void hubLevelStringGoesToTheSdkAsIs() {
            EventHubsOptions options = EventHubsOptions.parse(withConnectionString());
            assertThat(options.connectionStringForSdk()).isEqualTo(HUB_CS);
        }

        @Test
        void namespaceLevelStringNeedsTheHubNameAndGetsItsEntityPath() {
            EventHubsOptions options = EventHubsOptions.parse(
                    options("eventhubs.connectionString", NAMESPACE_CS, "eventhubs.name", "orders"));
            assertThat(options.eventHubName()).isEqualTo("orders");
            assertThat(options.connectionStringForSdk()).isEqualTo(NAMESPACE_CS + ";EntityPath=orders");
        }

        @Test
        void sameHubInNameAndEntityPathIsFine() {
            assertThat(EventHubsOptions.parse(withConnectionString("eventhubs.name", "telemetry"))
                            .eventHubName())
                    .isEqualTo("telemetry");
        }

        @Test
        void differentHubsInNameAndEntityPathAreAnError() {
            rejects(
                    withConnectionString("eventhubs.name", "orders"),
                    "eventhubs.name",
                    "orders",
                    "EntityPath",
                    "telemetry");
        }

        @Test
        void missingHubNameIsAnError() {
            rejects(
                    options("eventhubs.connectionString", NAMESPACE_CS),
                    "eventhubs.name",
                    "EntityPath",
                    ".option(\"eventhubs.name\", \"telemetry\")");
        }

        @Test
        void invalidHubNameIsAnError() {
            rejects(
                    options("eventhubs.connectionString", NAMESPACE_CS, "eventhubs.name", "my hub/x"),
                    "eventhubs.name",
                    "event hub name");
        }

        @Test
        void emulatorStringKeepsItsPort() {
            EventHubsOptions options =
                    EventHubsOptions.parse(options("eventhubs.connectionString", EMULATOR_CS, "eventhubs.name", "eh1"));
            assertThat(options.fullyQualifiedNamespace()).isEqualTo("localhost:5673");
            assertThat(options.useDevelopmentEmulator()).isTrue();
            assertThat(options.namespaceAndHub()).isEqualTo("localhost:5673/eh1");
            assertThat(options.connectionStringForSdk())
                    .isEqualTo("Endpoint=sb://localhost:5673;"
                            + "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;EntityPath=eh1;"
                            + "UseDevelopmentEmulator=true");
        }

        @Test
        void sharedAccessSignatureString() {
            EventHubsOptions options = EventHubsOptions.parse(options(
                    "eventhubs.connectionString",
                    "Endpoint=sb://myns.servicebus.windows.net/;SharedAccessSignature=" + SIGNATURE
                            + ";EntityPath=telemetry"));
            assertThat(options.authMode()).isEqualTo(AuthMode.SAS);
            assertThat(options.connectionStringForSdk())
                    .isEqualTo("Endpoint=sb://myns.servicebus.windows.net/;" + "SharedAccessSignature=" + SIGNATURE
                            + ";EntityPath=telemetry");
        }

        @Test
        void namespaceOptionMustMatchTheEndpoint() {
            assertThat(EventHubsOptions.parse(
                                    withConnectionString("eventhubs.namespace", "MyNs.servicebus.windows.net"))
                            .fullyQualifiedNamespace())
                    .isEqualTo("myns.servicebus.windows.net");
            rejects(
                    withConnectionString("eventhubs.namespace", "other.servicebus.windows.net"),
                    "eventhubs.namespace",
                    "other.servicebus.windows.net",
                    "myns.servicebus.windows.net",
                    "eventhubs.connectionString");
        }

        @Test
        void malformedConnectionStringIsReportedWithoutTheSecret() {
            rejects(
                    options(
                            "eventhubs.connectionString",
                            "SharedAccessKeyName=x;SharedAccessKey=" + KEY + ";EntityPath=telemetry"),
                    "eventhubs.connectionString",
                    "no Endpoint",
                    "Endpoint=sb://");
        }

        @Test
        void entraIdModesHaveNoConnectionStringForTheSdk() {
            EventHubsOptions options = EventHubsOptions.parse(
                    options("eventhubs.namespace", "myns.servicebus.windows.net", "eventhubs.name", "telemetry"));
            org.assertj.core.api.Assertions.assertThatThrownBy(options::connectionStringForSdk)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("azureDefault");
        }
    }

    @Nested
    class Namespaces {

        @Test
        void acceptsSchemeTrailingSlashAndCapitals() {
            EventHubsOptions options = EventHubsOptions.parse(
                    options("eventhubs.namespace", "sb://MyNs.ServiceBus.Windows.Net/", "eventhubs.name", "telemetry"));
            assertThat(options.fullyQualifiedNamespace()).isEqualTo("myns.servicebus.windows.net");
            assertThat(options.authMode()).isEqualTo(AuthMode.AZURE_DEFAULT);
        }

        @Test
        void keepsAPort() {
            assertThat(EventHubsOptions.parse(options("eventhubs.namespace", "localhost:5672", "eventhubs.name", "eh1"))
                            .fullyQualifiedNamespace())
                    .isEqualTo("localhost:5672");
        }

        @Test
        void aBareNamespaceNameIsNotEnough() {
            rejects(
                    options("eventhubs.namespace", "myns", "eventhubs.name", "telemetry"),
                    "eventhubs.namespace",
                    "fully qualified",
                    "myns.servicebus.windows.net");
        }

        @Test
        void neitherConnectionStringNorNamespaceIsAnError() {
            rejects(
                    options("eventhubs.name", "telemetry"),
                    "No Event Hubs namespace",
                    "eventhubs.namespace",
                    "eventhubs.connectionString",
                    "myns.servicebus.windows.net",
                    "Endpoint=sb://");
            rejects(options(), "No Event Hubs namespace");
        }

        @Test
        void entraIdSignInNeedsTheNamespace() {
            rejects(
                    options("eventhubs.auth", "managedIdentity", "eventhubs.name", "telemetry"),
                    "eventhubs.auth=managedIdentity needs option 'eventhubs.namespace'",
                    "myns.servicebus.windows.net");
        }
    }

    @Nested
    class Limits {

        @Test
        void maxAndMinEventsPerTrigger() {
            EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                    "maxEventsPerTrigger", "100000", "minEventsPerTrigger", "1000", "maxTriggerDelay", "30s"));
            assertThat(options.maxEventsPerTrigger()).isEqualTo(100_000L);
            assertThat(options.minEventsPerTrigger()).isEqualTo(1000L);
            assertThat(options.maxTriggerDelay()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void legacyPrefixedMaxEventsPerTriggerIsAccepted() {
            assertThat(EventHubsOptions.parse(withConnectionString("eventhubs.maxEventsPerTrigger", "2000"))
                            .maxEventsPerTrigger())
                    .isEqualTo(2000L);
            assertThat(EventHubsOptions.parse(withConnectionString(
                                    "eventhubs.maxEventsPerTrigger", "2000", "maxEventsPerTrigger", "2000"))
                            .maxEventsPerTrigger())
                    .isEqualTo(2000L);
            rejects(
                    withConnectionString("eventhubs.maxEventsPerTrigger", "2000", "maxEventsPerTrigger", "3000"),
                    "maxEventsPerTrigger",
                    "eventhubs.maxEventsPerTrigger",
                    "2000",
                    "3000");
        }

        @Test
        void malformedCount() {
            rejects(
                    withConnectionString("maxEventsPerTrigger", "100k"),
                    "maxEventsPerTrigger",
                    "100k",
                    "whole number",
                    ".option(\"maxEventsPerTrigger\", \"100000\")");
        }

        @Test
        void negativeOrZeroCount() {
            rejects(withConnectionString("maxEventsPerTrigger", "-5"), "maxEventsPerTrigger", "at least 1");
            rejects(withConnectionString("minEventsPerTrigger", "0"), "minEventsPerTrigger", "at least 1");
        }

        @Test
        void minAboveMax() {
            rejects(
                    withConnectionString("minEventsPerTrigger", "5000", "maxEventsPerTrigger", "1000"),
                    "minEventsPerTrigger",
                    "maxEventsPerTrigger",
                    "5000",
                    "1000");
        }

        @Test
        void durationsAsSparkWritesThem() {
            EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                    "maxTriggerDelay", "2m", "eventhubs.receiverTimeout", "500ms", "eventhubs.operationTimeout", "1h"));
            assertThat(options.maxTriggerDelay()).isEqualTo(Duration.ofMinutes(2));
            assertThat(options.receiverTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(options.operationTimeout()).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void durationsInIso8601AsTheLegacyConnectorTookThem() {
            EventHubsOptions options = EventHubsOptions.parse(
                    withConnectionString("eventhubs.receiverTimeout", "PT45S", "eventhubs.operationTimeout", "pt5m"));
            assertThat(options.receiverTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(options.operationTimeout()).isEqualTo(Duration.ofMinutes(5));
        }

        @Test
        void aBareNumberIsMilliseconds() {
            assertThat(EventHubsOptions.parse(withConnectionString("eventhubs.receiverTimeout", "2500"))
                            .receiverTimeout())
                    .isEqualTo(Duration.ofMillis(2500));
        }

        @Test
        void badDurations() {
            rejects(
                    withConnectionString("maxTriggerDelay", "15 minutes"),
                    "maxTriggerDelay",
                    "15 minutes",
                    "30s",
                    ".option(\"maxTriggerDelay\", \"15m\")");
            rejects(
                    withConnectionString("eventhubs.receiverTimeout", "-5s"),
                    "eventhubs.receiverTimeout",
                    "longer than zero");
            rejects(
                    withConnectionString("eventhubs.operationTimeout", "0s"),
                    "eventhubs.operationTimeout",
                    "longer than zero");
        }

        @Test
        void failOnDataLossIsTrueOrFalse() {
            assertThat(EventHubsOptions.parse(withConnectionString("failOnDataLoss", "false"))
                            .failOnDataLoss())
                    .isFalse();
            rejects(withConnectionString("failOnDataLoss", "no"), "failOnDataLoss", "true or false");
        }

        @Test
        void prefetchCountWithinWhatTheSdkAllows() {
            assertThat(EventHubsOptions.parse(withConnectionString("eventhubs.prefetchCount", "8000"))
                            .prefetchCount())
                    .isEqualTo(8000);
            assertThat(EventHubsOptions.parse(withConnectionString("eventhubs.prefetchCount", "1"))
                            .prefetchCount())
                    .isEqualTo(1);
            rejects(withConnectionString("eventhubs.prefetchCount", "0"), "eventhubs.prefetchCount", "1 to 8000");
            rejects(withConnectionString("eventhubs.prefetchCount", "8001"), "eventhubs.prefetchCount", "1 to 8000");
            rejects(withConnectionString("eventhubs.prefetchCount", "many"), "eventhubs.prefetchCount", "whole number");
        }

        @Test
        void realTimeTasksPrefetchLessUnlessThePrefetchIsSet() {
            EventHubsOptions unset = EventHubsOptions.parse(withConnectionString("failOnDataLoss", "true"));
            assertThat(unset.forRealTime().prefetchCount()).isEqualTo(100);
            assertThat(unset.forRealTime().failOnDataLoss()).isTrue();
            assertThat(unset.prefetchCount()).isEqualTo(500);
            EventHubsOptions set = EventHubsOptions.parse(withConnectionString("eventhubs.prefetchCount", "2000"));
            assertThat(set.forRealTime().prefetchCount()).isEqualTo(2000);
        }

        @Test
        void maxRetries() {
            assertThat(EventHubsOptions.parse(withConnectionString("eventhubs.maxRetries", "0"))
                            .maxRetries())
                    .isZero();
            rejects(withConnectionString("eventhubs.maxRetries", "-1"), "eventhubs.maxRetries", "0 to 100");
        }
    }

    @Nested
    class UnknownKeys {

        @Test
        void misspelledKeySuggestsTheClosest() {
            rejects(
                    withConnectionString("eventhubs.consumergrop", "spark"),
                    "Unknown option 'eventhubs.consumergrop'",
                    "Did you mean 'eventhubs.consumerGroup'?");
            rejects(withConnectionString("eventhubs.startingPositon", "earliest"), "eventhubs.startingPosition'?");
            rejects(withConnectionString("eventhubs.prefetch", "10"), "eventhubs.prefetchCount'?");
        }

        @Test
        void unrelatedKeyListsTheKnownOnes() {
            rejects(
                    withConnectionString("eventhubs.partitionCount", "4"),
                    "Unknown option 'eventhubs.partitionCount'",
                    "eventhubs.connectionString",
                    "eventhubs.startingPositions",
                    "maxEventsPerTrigger");
        }

        @Test
        void sparkLevelOptionGivenWithThePrefix() {
            rejects(
                    withConnectionString("eventhubs.failOnDataLoss", "false"),
                    "eventhubs.failOnDataLoss",
                    "use 'failOnDataLoss'");
        }

        @Test
        void misspelledSparkLevelOption() {
            rejects(withConnectionString("maxEventPerTrigger", "10"), "maxEventPerTrigger", "'maxEventsPerTrigger'");
        }

        @Test
        void legacyOptionsSayWhatToDoInstead() {
            rejects(
                    withConnectionString("eventhubs.useExclusiveReceiver", "true"),
                    "eventhubs.useExclusiveReceiver",
                    "legacy",
                    "non-exclusive");
            rejects(withConnectionString("eventhubs.useAadAuth", "true"), "eventhubs.useAadAuth", "eventhubs.auth");
            rejects(withConnectionString("eventhubs.maxRatePerPartition", "1000"), "DStream", "maxEventsPerTrigger");
        }

        @Test
        void kafkaOptionsPointToTheirEquivalent() {
            rejects(
                    withConnectionString("maxOffsetsPerTrigger", "1000"),
                    "maxOffsetsPerTrigger",
                    "kafka",
                    "maxEventsPerTrigger");
            rejects(
                    withConnectionString("startingOffsets", "earliest"),
                    "startingOffsets",
                    "eventhubs.startingPosition");
        }

        @Test
        void otherSparkOptionsPassThrough() {
            EventHubsOptions.parse(withConnectionString("path", "/tmp/x", "checkpointLocation", "/tmp/cp"));
        }

        @Test
        void theSecretOfAnotherOptionIsNotEchoed() {
            rejects(
                    withConnectionString("eventhubs.conectionString", HUB_CS),
                    "eventhubs.conectionString",
                    "eventhubs.connectionString");
        }
    }

    @Nested
    class Positions {

        @Test
        void startingPositionForEveryPartitionAndPerPartitionOverrides() {
            EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                    "eventhubs.startingPosition", "earliest",
                    "eventhubs.startingPositions", "{\"1\": {\"sequenceNumber\": 42}, \"2\": \"latest\"}"));
            assertThat(options.startingPosition()).isEqualTo(PositionSpec.earliest());
            assertThat(options.startingPosition("0", EventHubsOptions.STREAM_START))
                    .isEqualTo(PositionSpec.earliest());
            assertThat(options.startingPosition("1", EventHubsOptions.STREAM_START))
                    .isEqualTo(PositionSpec.fromSequenceNumber(42));
            assertThat(options.startingPosition("2", EventHubsOptions.BATCH_START))
                    .isEqualTo(PositionSpec.latest());
            assertThat(options.startingPositions()).containsOnlyKeys("1", "2");
        }

        @Test
        void perPartitionOverridesTheStreamDefault() {
            EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                    "eventhubs.startingPositions", "{\"0\": {\"enqueuedTime\": \"2026-11-01T00:00:00Z\"}}"));
            assertThat(options.startingPosition("0", EventHubsOptions.STREAM_START))
                    .isEqualTo(PositionSpec.fromEnqueuedTime(Instant.parse("2026-11-01T00:00:00Z")));
            assertThat(options.startingPosition("1", EventHubsOptions.STREAM_START))
                    .isEqualTo(PositionSpec.latest());
        }

        @Test
        void partitionsToReadAreIdsInPartitionOrder() {
            EventHubsOptions options =
                    EventHubsOptions.parse(withConnectionString("eventhubs.partitions", " 10, 2,2 ,0"));
            assertThat(options.partitions()).containsExactly("0", "2", "10");
            assertThat(EventHubsOptions.parse(withConnectionString()).partitions())
                    .isEmpty();
            rejects(
                    withConnectionString("eventhubs.partitions", "0;1"),
                    "eventhubs.partitions",
                    ".option(\"eventhubs.partitions\", \"0,1,4\")");
            rejects(withConnectionString("eventhubs.partitions", "0,,1"), "eventhubs.partitions");
        }

        @Test
        void legacyEventPositionJson() {
            EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                    "eventhubs.startingPosition",
                    "{\"offset\":\"-1\",\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":true}"));
            assertThat(options.startingPosition()).isEqualTo(PositionSpec.earliest());
        }

        @Test
        void malformedPositionNamesTheOptionAndShowsTheForms() {
            rejects(
                    withConnectionString("eventhubs.startingPosition", "{\"sequenceNumber\": 42"),
                    "eventhubs.startingPosition",
                    "not valid JSON",
                    "{\"sequenceNumber\": 42, \"inclusive\": true}");
            rejects(
                    withConnectionString("eventhubs.startingPositions", "{\"x\": \"earliest\"}"),
                    "eventhubs.startingPositions",
                    "partition id");
        }

        @Test
        void endingPositionsAreForBatchReads() {
            Map<String, String> given = withConnectionString("eventhubs.endingPosition", "{\"sequenceNumber\": 100}");
            EventHubsOptions parsed = EventHubsOptions.parse(given);
            assertThat(parsed.hasEndingPositions()).isTrue();
            rejects(parsed::checkStreaming, "eventhubs.endingPosition", "batch", "availableNow");
            rejects(() -> EventHubsOptions.forStream(given), "eventhubs.endingPosition", "spark.readStream");

            assertThat(parsed.endingPosition("0")).isEqualTo(PositionSpec.fromSequenceNumber(100));
        }

        @Test
        void perPartitionEndingPositions() {
            EventHubsOptions batch = EventHubsOptions.parse(
                    withConnectionString("eventhubs.endingPositions", "{\"0\": {\"sequenceNumber\": 10}}"));
            assertThat(batch.endingPosition("0")).isEqualTo(PositionSpec.fromSequenceNumber(10));
            assertThat(batch.endingPosition("1")).isEqualTo(PositionSpec.latest());
            rejects(batch::checkStreaming, "eventhubs.endingPositions");
        }

        @Test
        void aStreamWithoutEndingPositionsPassesTheCheck() {
            EventHubsOptions.forStream(withConnectionString()).checkStreaming();
        }
    }

    @Nested
    class Redaction {

        @Test
        void toStringShowsEverySettingButNoSecret() {
            String text = EventHubsOptions.parse(
                            withConnectionString("maxEventsPerTrigger", "1000", "minEventsPerTrigger", "10"))
                    .toString();
            assertThat(text)
                    .contains(
                            "namespace=myns.servicebus.windows.net",
                            "eventHub=telemetry",
                            "consumerGroup=$Default",
                            "auth=sas",
                            "SharedAccessKeyName=RootManageSharedAccessKey",
                            "SharedAccessKey=***",
                            "startingPosition=default (latest for a stream, earliest in batch)",
                            "maxEventsPerTrigger=1000",
                            "minEventsPerTrigger=10",
                            "maxTriggerDelay=15m",
                            "failOnDataLoss=true",
                            "prefetchCount=500",
                            "receiverTimeout=30s",
                            "operationTimeout=1m",
                            "maxRetries=3")
                    .doesNotContain(KEY)
                    .doesNotContain(KEY.substring(0, 10));
        }

        @Test
        void signatureIsRedacted() {
            String text = EventHubsOptions.parse(options(
                            "eventhubs.connectionString",
                            "Endpoint=sb://myns.servicebus.windows.net/;SharedAccessSignature=" + SIGNATURE
                                    + ";EntityPath=telemetry"))
                    .toString();
            assertThat(text).contains("SharedAccessSignature=***").doesNotContain("S1gn4tur3S3cr3t");
        }
    }

    @Nested
    class ShippingToExecutors {

        @Test
        void survivesJavaSerialization() throws Exception {
            EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                    "eventhubs.startingPositions", "{\"0\": {\"offset\": \"1234\"}}", "maxEventsPerTrigger", "10"));
            EventHubsOptions copy = roundTrip(options);
            assertThat(copy.toString()).isEqualTo(options.toString());
            assertThat(copy.connectionStringForSdk()).isEqualTo(options.connectionStringForSdk());
            assertThat(EventHubsClients.consumerKey(copy)).isEqualTo(EventHubsClients.consumerKey(options));
            assertThat(copy.startingPosition("0", EventHubsOptions.BATCH_START))
                    .isEqualTo(PositionSpec.fromOffset("1234"));
        }

        @Test
        void clientKeysAreEqualForTheSameClientAndHideTheCredential() {
            EventHubsOptions a = EventHubsOptions.parse(withConnectionString("maxEventsPerTrigger", "10"));
            EventHubsOptions b = EventHubsOptions.parse(withConnectionString("maxEventsPerTrigger", "20"));
            EventHubsOptions otherGroup = EventHubsOptions.parse(
                    withConnectionString("eventhubs.consumerGroup", "g2", "eventhubs.prefetchCount", "999"));
            EventHubsOptions otherKey =
                    EventHubsOptions.parse(options("eventhubs.connectionString", HUB_CS.replace(KEY, "anotherKey=")));
            assertThat(EventHubsClients.consumerKey(a))
                    .isEqualTo(EventHubsClients.consumerKey(b))
                    .startsWith("myns.servicebus.windows.net/telemetry#")
                    .doesNotContain(KEY);
            assertThat(EventHubsClients.consumerKey(otherGroup)).isNotEqualTo(EventHubsClients.consumerKey(a));
            assertThat(EventHubsClients.consumerKey(otherKey)).isNotEqualTo(EventHubsClients.consumerKey(a));
            // A producer needs neither consumer group nor prefetch: one producer serves both.
            assertThat(EventHubsClients.producerKey(otherGroup)).isEqualTo(EventHubsClients.producerKey(a));
            assertThat(EventHubsClients.producerKey(otherKey)).isNotEqualTo(EventHubsClients.producerKey(a));
        }

        private EventHubsOptions roundTrip(EventHubsOptions options) throws Exception {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(options);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (EventHubsOptions) in.readObject();
            }
        }
    }
}

package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The official emulator's Config.json: the documented example works as is, and mistakes are named. */
@Timeout(60)
class EmulatorConfigTest {

    /** EventHub-Emulator/Config/Config.json of Azure/azure-event-hubs-emulator-installer, verbatim in content. */
    static final String OFFICIAL_EXAMPLE = """
      {
        "UserConfig": {
          "NamespaceConfig": [
            {
              "Type": "EventHub",
              "Name": "emulatorNs1",
              "Entities": [
                {
                  "Name": "eh1",
                  "PartitionCount": 2,
                  "ConsumerGroups": [
                    {
                      "Name": "cg1"
                    }
                  ]
                }
              ]
            }
          ],
          "LoggingConfig": {
            "Type": "File"
          }
        }
      }
      """;

    @Test
    void officialExampleParses() {
        EmulatorConfig config = EmulatorConfig.parse(OFFICIAL_EXAMPLE, "Config.json");
        assertThat(config.namespace()).isEqualTo("emulatorNs1");
        assertThat(config.hubs()).containsExactly(new HubConfig("eh1", 2, List.of("cg1")));
    }

    @Test
    void officialExampleServesTheSdk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Config.json");
        Files.writeString(file, OFFICIAL_EXAMPLE);
        try (LocalEventHubs hubs =
                LocalEventHubs.builder().config(EmulatorConfig.read(file)).start()) {
            assertThat(hubs.namespace()).isEqualTo("emulatorNs1");
            assertThat(hubs.hubNames()).containsExactly("eh1");
            try (EventHubProducerClient producer = Sdk.builder(hubs, "eh1").buildProducerClient();
                    EventHubConsumerClient cg1 =
                            Sdk.builder(hubs, "eh1").consumerGroup("cg1").buildConsumerClient();
                    EventHubConsumerClient defaultGroup =
                            Sdk.builder(hubs, "eh1").buildConsumerClient()) {
                assertThat(producer.getPartitionIds()).containsExactly("0", "1");
                producer.send(List.of(new EventData("configured")), new SendOptions().setPartitionId("1"));
                // Each consumer group reads the whole stream independently; $Default exists without being declared.
                assertThat(Sdk.bodies(Sdk.receive(cg1, "1", 1, EventPosition.earliest())))
                        .containsExactly("configured");
                assertThat(Sdk.bodies(Sdk.receive(defaultGroup, "1", 1, EventPosition.earliest())))
                        .containsExactly("configured");
            }
        }
    }

    @Test
    void severalEntitiesAndConsumerGroups() {
        EmulatorConfig config = EmulatorConfig.parse("""
        {"UserConfig": {"NamespaceConfig": [{"Type": "EventHub", "Name": "emulatorNs1", "Entities": [
          {"Name": "orders", "PartitionCount": 32, "ConsumerGroups": [{"Name": "a"}, {"Name": "b-2"}]},
          {"Name": "x", "PartitionCount": 1},
          {"Name": "team.events_v1/raw", "PartitionCount": 4, "ConsumerGroups": [{"Name": "$Default"}]}
        ]}], "LoggingConfig": {"Type": "Console"}}}
        """, "inline");
        assertThat(config.hubs())
                .containsExactly(
                        new HubConfig("orders", 32, List.of("a", "b-2")),
                        new HubConfig("x", 1, List.of()),
                        new HubConfig("team.events_v1/raw", 4, List.of("$Default")));
    }

    @Test
    void everyNameTheSchemaAllowsServesTheSdk() {
        // The schema's entity name pattern allows letters, digits, '_', '-', '.' and '/'.
        EmulatorConfig config = EmulatorConfig.parse(
                withEntities(
                        "{\"Name\":\"team.events_v1/raw-2\",\"PartitionCount\":2,\"ConsumerGroups\":[{\"Name\":\"app.v2/readers_1\"}]},"
                                + "{\"Name\":\"Z\",\"PartitionCount\":1}"),
                "inline");
        try (LocalEventHubs hubs = LocalEventHubs.builder().config(config).start()) {
            for (HubConfig hub : config.hubs()) {
                String consumerGroup = hub.consumerGroups().isEmpty()
                        ? "$Default"
                        : hub.consumerGroups().get(0);
                try (EventHubProducerClient producer =
                                Sdk.builder(hubs, hub.name()).buildProducerClient();
                        EventHubConsumerClient consumer = Sdk.builder(hubs, hub.name())
                                .consumerGroup(consumerGroup)
                                .buildConsumerClient()) {
                    assertThat(producer.getEventHubProperties().getName()).isEqualTo(hub.name());
                    producer.send(List.of(new EventData("to " + hub.name())), new SendOptions().setPartitionId("0"));
                    assertThat(producer.getPartitionProperties("0").getLastEnqueuedSequenceNumber())
                            .isZero();
                    assertThat(Sdk.bodies(Sdk.receive(consumer, "0", 1, EventPosition.earliest())))
                            .containsExactly("to " + hub.name());
                }
            }
        }
    }

    @Test
    void throughputUnitsSetAStandardQuota() {
        String oneUnit = "{\"UserConfig\":{\"NamespaceConfig\":[{\"Type\":\"EventHub\",\"Name\":\"ns\","
                + "\"ThroughputUnits\":1,\"Entities\":[{\"Name\":\"eh1\",\"PartitionCount\":2}]}]}}";
        assertThat(EmulatorConfig.parse(oneUnit, "Config.json").quota()).isEqualTo(Quota.throughputUnits(1));
        assertThat(EmulatorConfig.parse(OFFICIAL_EXAMPLE, "Config.json").quota())
                .isNull();
        assertInvalid(oneUnit.replace("\"ThroughputUnits\":1", "\"ThroughputUnits\":0"), "ThroughputUnits");
    }

    @Test
    void defaultsAreOneHubOfFourPartitions() {
        assertThat(EmulatorConfig.defaults().hubs()).containsExactly(new HubConfig("eh1", 4, List.of()));
        try (LocalEventHubs hubs = LocalEventHubs.start()) {
            assertThat(hubs.hubNames()).containsExactly("eh1");
            assertThat(hubs.partitionState("eh1", "3").isEmpty()).isTrue();
        }
    }

    private static void assertInvalid(String json, String... named) {
        assertThatThrownBy(() -> EmulatorConfig.parse(json, "my-config.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my-config.json")
                .hasMessageContainingAll(named)
                // Every error shows a valid example to copy from.
                .hasMessageContaining("Example: {\"UserConfig\"");
    }

    private static String withEntities(String entities) {
        return "{\"UserConfig\":{\"NamespaceConfig\":[{\"Type\":\"EventHub\",\"Name\":\"emulatorNs1\",\"Entities\":["
                + entities + "]}],\"LoggingConfig\":{\"Type\":\"File\"}}}";
    }

    @Test
    void errorsNameWhatIsWrong() {
        assertInvalid("{\"UserConfig\": ", "not valid JSON");
        assertInvalid("{}", "UserConfig.NamespaceConfig", "exactly one namespace");
        assertInvalid("{\"UserConfig\":{\"NamespaceConfig\":[]}}", "exactly one namespace");
        assertInvalid(
                "{\"UserConfig\":{\"NamespaceConfig\":[{\"Type\":\"EventHub\",\"Entities\":[]},"
                        + "{\"Type\":\"EventHub\",\"Entities\":[]}]}}",
                "exactly one namespace");
        assertInvalid(
                "{\"UserConfig\":{\"NamespaceConfig\":[{\"Type\":\"ServiceBus\",\"Name\":\"emulatorNs1\"}]}}",
                "Type",
                "EventHub");
        assertInvalid(withEntities(""), "at least one entity", "Entities");
        assertInvalid(withEntities("{\"PartitionCount\":2}"), "entity Name ''");
        assertInvalid(withEntities("{\"Name\":\"bad name!\",\"PartitionCount\":2}"), "entity Name 'bad name!'");
        assertInvalid(withEntities("{\"Name\":\"-leading\",\"PartitionCount\":2}"), "'-leading'");
        assertInvalid(withEntities("{\"Name\":\"eh1\"}"), "entity 'eh1'", "integer PartitionCount");
        assertInvalid(
                withEntities("{\"Name\":\"eh1\",\"PartitionCount\":\"2\"}"), "entity 'eh1'", "integer PartitionCount");
        assertInvalid(
                withEntities("{\"Name\":\"eh1\",\"PartitionCount\":2.5}"), "entity 'eh1'", "integer PartitionCount");
        assertInvalid(
                withEntities("{\"Name\":\"eh1\",\"PartitionCount\":0}"),
                "entity 'eh1'",
                "PartitionCount 0",
                "between 1 and 32");
        assertInvalid(
                withEntities("{\"Name\":\"eh1\",\"PartitionCount\":33}"), "PartitionCount 33", "between 1 and 32");
        assertInvalid(
                withEntities("{\"Name\":\"eh1\",\"PartitionCount\":1},{\"Name\":\"EH1\",\"PartitionCount\":1}"),
                "'EH1'",
                "declared twice");
        assertInvalid(
                withEntities("{\"Name\":\"eh1\",\"PartitionCount\":1,\"ConsumerGroups\":[{\"Name\":\"no spaces\"}]}"),
                "consumer group Name 'no spaces'",
                "entity 'eh1'");
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        assertThatThrownBy(() -> EmulatorConfig.read(dir.resolve("absent.json")))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("absent.json");
    }
}

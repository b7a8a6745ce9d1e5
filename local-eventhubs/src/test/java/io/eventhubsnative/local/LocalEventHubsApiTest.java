package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The embedding API: builder options, direct appends, the counters, and errors that say what exists. */
@Timeout(60)
class LocalEventHubsApiTest {

    /** Encodes AMQP sections the way a stored event keeps them (no annotations: the endpoint adds those). */
    private static byte[] sections(Object... sections) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        encoder.setByteBuffer(buffer);
        for (Object section : sections) {
            encoder.writeObject(section);
        }
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void defaultsAndConnectionStrings() {
        try (LocalEventHubs hubs = LocalEventHubs.start()) {
            assertThat(hubs.port()).isPositive();
            assertThat(hubs.namespace()).isEqualTo("emulatorNs1");
            assertThat(hubs.hubNames()).containsExactly("eh1");
            assertThat(hubs.connectionString())
                    .isEqualTo(
                            "Endpoint=sb://localhost:" + hubs.port()
                                    + ";SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;");
            assertThat(hubs.connectionString("eh1")).isEqualTo(hubs.connectionString() + "EntityPath=eh1;");
            // The namespace-level string plus an explicit hub name works as well.
            try (EventHubProducerClient producer = new com.azure.messaging.eventhubs.EventHubClientBuilder()
                    .connectionString(hubs.connectionString(), "eh1")
                    .retryOptions(Sdk.fastRetry())
                    .buildProducerClient()) {
                assertThat(producer.getPartitionIds()).containsExactly("0", "1", "2", "3");
            }
        }
    }

    @Test
    void twoEndpointsRunSideBySideOnTheirOwnPorts() {
        try (LocalEventHubs first = LocalEventHubs.builder().hub("a", 1).start();
                LocalEventHubs second = LocalEventHubs.builder().hub("b", 1).start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            try (EventHubProducerClient toFirst = Sdk.builder(first, "a").buildProducerClient()) {
                toFirst.send(List.of(new EventData("x")));
            }
            assertThat(first.partitionState("a", "0").retainedEvents()).isEqualTo(1);
            assertThat(second.partitionState("b", "0").isEmpty()).isTrue();
        }
    }

    @Test
    void customSharedAccessKeyIsTheOnlyOneAccepted() {
        try (LocalEventHubs hubs = LocalEventHubs.builder()
                .sharedAccessKey("MyPolicy", "my-secret")
                .hub("k", 1)
                .start()) {
            assertThat(hubs.connectionString("k")).contains("SharedAccessKeyName=MyPolicy;SharedAccessKey=my-secret;");
            try (EventHubProducerClient producer = Sdk.builder(hubs, "k").buildProducerClient()) {
                producer.send(List.of(new EventData("ok")));
            }
            String defaultKey = hubs.connectionString("k")
                    .replace("MyPolicy", LocalEventHubs.DEFAULT_KEY_NAME)
                    .replace("my-secret", LocalEventHubs.DEFAULT_KEY);
            try (EventHubProducerClient producer = new com.azure.messaging.eventhubs.EventHubClientBuilder()
                    .connectionString(defaultKey)
                    .retryOptions(Sdk.fastRetry())
                    .buildProducerClient()) {
                assertThatThrownBy(() -> producer.send(List.of(new EventData("refused"))))
                        .satisfies(e -> assertThat(Sdk.amqpCause(e).getErrorCondition())
                                .isEqualTo(AmqpErrorCondition.UNAUTHORIZED_ACCESS));
            }
            assertThat(hubs.partitionState("k", "0").retainedEvents()).isEqualTo(1);
        }
    }

    @Test
    void appendEncodedEventsAreReceivedLikeSentOnes() {
        try (LocalEventHubs hubs = LocalEventHubs.builder().hub("preload", 2).start();
                EventHubConsumerClient consumer = Sdk.builder(hubs, "preload").buildConsumerClient();
                EventHubProducerClient producer = Sdk.builder(hubs, "preload").buildProducerClient()) {
            for (int i = 0; i < 3; i++) {
                long sequence = hubs.appendEncoded(
                        "preload",
                        "1",
                        sections(
                                new ApplicationProperties(Map.of("index", i)),
                                new Data(new Binary(
                                        ("preloaded-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
                assertThat(sequence).isEqualTo(i);
            }
            producer.send(List.of(new EventData("sent")), new SendOptions().setPartitionId("1"));

            List<PartitionEvent> events = Sdk.receive(consumer, "1", 4, EventPosition.earliest());
            assertThat(Sdk.bodies(events)).containsExactly("preloaded-0", "preloaded-1", "preloaded-2", "sent");
            assertThat(events.get(2).getData().getProperties()).containsEntry("index", 2);
            assertThat(Sdk.sequenceNumbers(events)).containsExactly(0L, 1L, 2L, 3L);
            assertThat(events.get(0).getData().getEnqueuedTime()).isNotNull();
            assertThat(hubs.partitionState("preload", "1")).isEqualTo(new PartitionState("1", 0, 3));
        }
    }

    @Test
    void countersRecordWhatTheEndpointSaw() {
        try (LocalEventHubs hubs = LocalEventHubs.builder().hub("counted", 2).start()) {
            Instant started = Instant.now();
            try (EventHubProducerClient producer = Sdk.builder(hubs, "counted").buildProducerClient();
                    EventHubConsumerClient consumer =
                            Sdk.builder(hubs, "counted").buildConsumerClient()) {
                producer.send(Sdk.events("c", 3), new SendOptions().setPartitionId("0"));
                Sdk.receive(consumer, "0", 3, EventPosition.earliest());
                producer.getEventHubProperties();
            }
            Counters counters = hubs.counters();
            assertThat(counters.eventsReceived()).isEqualTo(3);
            assertThat(counters.deliveries()).isGreaterThanOrEqualTo(3);
            assertThat(counters.managementRequests()).isPositive();
            assertThat(counters.connectionsAccepted()).isGreaterThanOrEqualTo(2);
            assertThat(counters.linksAttached("counted/Partitions/0")).isEqualTo(1);
            assertThat(counters.linksAttached("counted/ConsumerGroups/$Default/Partitions/0"))
                    .isPositive();
            assertThat(counters.linksAttached())
                    .containsKeys("counted/Partitions/0", "counted/ConsumerGroups/$Default/Partitions/0");
            assertThat(counters.linksAttachedBefore("counted/Partitions/", Instant.now()))
                    .isEqualTo(1);
            assertThat(counters.linksAttachedBefore("counted/", started)).isZero();
            assertThat(counters.putTokens(PutToken.SAS, "amqp://localhost/counted/Partitions/0"))
                    .isEqualTo(1);
            assertThat(counters.putTokens())
                    .allSatisfy(t -> assertThat(t.accepted()).isTrue());
        }
    }

    @Test
    void apiErrorsSayWhatExists() {
        try (LocalEventHubs hubs = LocalEventHubs.builder().hub("eh1", 2).start()) {
            assertThatThrownBy(() -> hubs.partitionState("nope", "0"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'nope'")
                    .hasMessageContaining("[eh1]");
            assertThatThrownBy(() -> hubs.partitionState("eh1", "2"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'2'")
                    .hasMessageContaining("0..1");
            assertThatThrownBy(() -> hubs.createHub("EH1", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already exists");
            assertThatThrownBy(() -> hubs.addPartitions("eh1", 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only grow");
            assertThatThrownBy(() -> hubs.createHub("zero", 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zero");
            assertThatThrownBy(() -> LocalEventHubs.builder().hub("", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(hubs.expire("eh1", "0", 5)).isZero();
        }
    }

    @Test
    void portInUseIsReported() {
        try (LocalEventHubs first = LocalEventHubs.start()) {
            assertThatThrownBy(() -> LocalEventHubs.builder().port(first.port()).start())
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
        }
    }

    @Test
    void closeIsIdempotentAndFreesThePort() throws Exception {
        LocalEventHubs hubs = LocalEventHubs.start();
        int port = hubs.port();
        hubs.close();
        hubs.close();
        try (java.net.ServerSocket reuse = new java.net.ServerSocket()) {
            reuse.setReuseAddress(true);
            reuse.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertThat(reuse.getLocalPort()).isEqualTo(port);
        }
    }
}

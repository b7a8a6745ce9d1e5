package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Receiver ownership per partition and consumer group: an owner level (epoch) takes a partition over from lower
 * or equal levels and from receivers without one; lower levels and level-less receivers are refused while an
 * epoch receiver holds it; at most five receivers without a level.
 */
@Timeout(60)
class EpochTest extends EndpointTest {

    private String hub;
    private EventHubProducerClient producer;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void freshHub() {
        hub = Sdk.uniqueHub("epoch");
        hubs.createHub(hub, 2, "other");
        producer = Sdk.builder(hubs, hub).buildProducerClient();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        producer.close();
    }

    private void send(String body) {
        producer.send(List.of(new EventData(body)), new SendOptions().setPartitionId("0"));
    }

    /** A receiver on partition 0 in its own client (its own connection), from earliest. */
    private Receiving receiver(Long ownerLevel) {
        return receiver(ownerLevel, "$Default");
    }

    private Receiving receiver(Long ownerLevel, String consumerGroup) {
        EventHubConsumerAsyncClient client =
                Sdk.builder(hubs, hub).consumerGroup(consumerGroup).buildAsyncConsumerClient();
        resources.add(client);
        Receiving receiving = Receiving.start(client.receiveFromPartition(
                "0", EventPosition.earliest(), new ReceiveOptions().setOwnerLevel(ownerLevel)));
        resources.add(0, receiving);
        return receiving;
    }

    private static void assertStolen(Throwable error) {
        assertThat(error).isInstanceOfSatisfying(AmqpException.class, e -> {
            assertThat(e.getErrorCondition()).isEqualTo(AmqpErrorCondition.LINK_STOLEN);
            assertThat(e.isTransient()).isFalse();
        });
    }

    @Test
    void higherOwnerLevelStealsThePartition() {
        send("a");
        Receiving low = receiver(1L).awaitCount(1);

        Receiving high = receiver(2L).awaitCount(1);
        Throwable error = low.awaitError();
        assertStolen(error);
        assertThat(error.getMessage()).contains("epoch");

        send("b");
        high.awaitCount(2);
        assertThat(high.bodies()).containsExactly("a", "b");
        assertThat(low.bodies()).containsExactly("a");
    }

    @Test
    void equalOwnerLevelTakesOverToo() {
        send("a");
        Receiving first = receiver(3L).awaitCount(1);
        Receiving second = receiver(3L).awaitCount(1);
        assertStolen(first.awaitError());
        send("b");
        assertThat(second.awaitCount(2).bodies()).containsExactly("a", "b");
    }

    @Test
    void lowerOwnerLevelIsRefused() {
        send("a");
        Receiving high = receiver(5L).awaitCount(1);

        Receiving low = receiver(3L);
        assertStolen(low.awaitError());
        assertThat(low.bodies()).isEmpty();

        // The owner is undisturbed.
        send("b");
        assertThat(high.awaitCount(2).bodies()).containsExactly("a", "b");
        assertThat(high.isEnded()).isFalse();
    }

    @Test
    void receiverWithoutOwnerLevelIsRefusedWhileAnEpochReceiverIsAttached() {
        send("a");
        Receiving owner = receiver(0L).awaitCount(1);

        Receiving plain = receiver(null);
        assertStolen(plain.awaitError());

        // Another consumer group is independent.
        Receiving otherGroup = receiver(null, "other");
        otherGroup.awaitCount(1);
        send("b");
        owner.awaitCount(2);
        otherGroup.awaitCount(2);
        assertThat(owner.isEnded()).isFalse();
    }

    @Test
    void epochReceiverTakesOverFromReceiversWithoutOwnerLevel() {
        send("a");
        Receiving plain1 = receiver(null).awaitCount(1);
        Receiving plain2 = receiver(null).awaitCount(1);

        Receiving owner = receiver(1L).awaitCount(1);
        assertStolen(plain1.awaitError());
        assertStolen(plain2.awaitError());
        send("b");
        assertThat(owner.awaitCount(2).bodies()).containsExactly("a", "b");
    }

    @Test
    void sixthReceiverWithoutOwnerLevelIsRefused() {
        send("a");
        // Five receivers on one client (one connection, five links), as the service counts links, not clients.
        EventHubConsumerAsyncClient client = Sdk.builder(hubs, hub).buildAsyncConsumerClient();
        resources.add(client);
        List<Receiving> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Receiving receiving = Receiving.start(client.receiveFromPartition("0", EventPosition.earliest()));
            resources.add(0, receiving);
            five.add(receiving.awaitCount(1));
        }

        Receiving sixth = receiver(null);
        Throwable error = sixth.awaitError();
        assertThat(error).isInstanceOfSatisfying(AmqpException.class, e -> {
            assertThat(e.getErrorCondition()).isEqualTo(AmqpErrorCondition.RESOURCE_LIMIT_EXCEEDED);
            assertThat(e.getMessage()).contains("5");
        });

        // The five keep receiving; the limit is per partition and consumer group.
        send("b");
        five.forEach(r -> r.awaitCount(2));
        receiver(null, "other").awaitCount(2);

        // Once one of the five goes away, there is room again.
        five.get(0).close();
        Sdk.await("the closed receiver to detach", () -> {
            Receiving again = receiver(null);
            try {
                again.awaitCount(2);
                return true;
            } catch (AssertionError refused) {
                return false;
            }
        });
    }
}

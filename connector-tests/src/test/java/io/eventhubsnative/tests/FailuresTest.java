package io.eventhubsnative.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.local.LocalEventHubs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong key and an unreachable endpoint fail the query within the operation timeout with a message that shows
 * no secret; misconfigurations fail at {@code load()} naming the option.
 */
class FailuresTest extends EndToEndTest {

    private static final String WRONG_KEY = "WrongKey0123456789abcdefWrongKey=";

    @Test
    void aWrongKeyFailsFastWithoutShowingTheKey(@TempDir Path dir) {
        String hub = newHub(2);
        send(hub, "0", 1);
        String connectionString = hubs.connectionString()
                .replace("SharedAccessKey=" + LocalEventHubs.DEFAULT_KEY, "SharedAccessKey=" + WRONG_KEY);
        assertThat(connectionString).contains(WRONG_KEY);

        StreamingQuery query = toDelta(
                spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", connectionString)
                        .option("eventhubs.name", hub)
                        .option("eventhubs.operationTimeout", "10s")
                        .load(),
                dir,
                Trigger.AvailableNow());
        StreamingQueryException error = awaitFailureWithinTenSecondTimeout(query);
        assertThat(error.getMessage()).contains(hub).contains("eventhubs.connectionString");
        assertNoSecret(fullText(error), WRONG_KEY, connectionString, LocalEventHubs.DEFAULT_KEY);
    }

    @Test
    void anUnreachableEndpointFailsWithinTheOperationTimeout(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String connectionString = "Endpoint=sb://localhost:" + closedPort + ";SharedAccessKeyName="
                + LocalEventHubs.DEFAULT_KEY_NAME + ";SharedAccessKey=" + LocalEventHubs.DEFAULT_KEY
                + ";UseDevelopmentEmulator=true;EntityPath=nowhere";

        StreamingQuery query = toDelta(
                spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", connectionString)
                        .option("eventhubs.operationTimeout", "10s")
                        .load(),
                dir,
                Trigger.AvailableNow());
        StreamingQueryException error = awaitFailureWithinTenSecondTimeout(query);
        assertThat(error.getMessage()).contains("nowhere").contains("eventhubs.operationTimeout");
        assertNoSecret(fullText(error), connectionString, LocalEventHubs.DEFAULT_KEY);
    }

    @Test
    void anUnknownOptionFailsAtLoad() {
        assertThatThrownBy(() -> stream("eh").option("eventhubs.foo", "bar").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.foo")
                .satisfies(e -> assertNoSecret(fullText(e), LocalEventHubs.DEFAULT_KEY));
    }

    @Test
    void aMisspelledOptionFailsAtLoad() {
        assertThatThrownBy(() -> stream("eh")
                        .option("eventhubs.startingPositon", "earliest")
                        .load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.startingPositon");
    }

    @Test
    void malformedStartingPositionJsonFailsAtLoad() {
        assertThatThrownBy(() -> stream("eh")
                        .option("eventhubs.startingPosition", "{\"sequenceNumber\": }")
                        .load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.startingPosition")
                .satisfies(e -> assertNoSecret(fullText(e), LocalEventHubs.DEFAULT_KEY));
    }

    @Test
    void malformedStartingPositionsJsonFailsAtLoad() {
        assertThatThrownBy(() -> stream("eh")
                        .option("eventhubs.startingPositions", "{\"0\": {\"sequence\": 1}}")
                        .load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.startingPositions");
    }

    @Test
    void aMissingHubNameFailsAtLoad() {
        assertThatThrownBy(() -> spark.readStream()
                        .format("eventhubs-native")
                        .option("eventhubs.connectionString", hubs.connectionString())
                        .load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.name")
                .satisfies(e -> assertNoSecret(fullText(e), LocalEventHubs.DEFAULT_KEY, hubs.connectionString()));
    }

    @Test
    void aNegativeMaxEventsPerTriggerFailsAtLoad() {
        assertThatThrownBy(
                        () -> stream("eh").option("maxEventsPerTrigger", "-5").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEventsPerTrigger");
    }
}

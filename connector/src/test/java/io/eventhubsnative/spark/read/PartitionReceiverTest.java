package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.eventhubs.EventData;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

class PartitionReceiverTest {

    /**
     * The SDK honours the credit it is given, so a source that ignores demand stands in for it here: the one case a
     * real link cannot produce on purpose.
     */
    @Test
    void aSourceSendingMoreThanRequestedIsCancelledAndTheReceiverFails() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<EventData> ignoresDemand = Flux.<EventData>create(
                        sink -> {
                            for (int i = 0; i < 5; i++) {
                                sink.next(new EventData("event " + i));
                            }
                        },
                        FluxSink.OverflowStrategy.IGNORE)
                .doOnCancel(() -> cancelled.set(true));

        PartitionReceiver receiver = PartitionReceiver.subscribe("0", 0, 3, ignoresDemand);

        assertThat(cancelled)
                .as("the SDK's side, cancelled so that its link closes")
                .isTrue();
        assertThat(receiver.isHealthy()).isFalse();
        assertThat(receiver.poll(10, 100)).as("what fitted in the buffer").hasSize(3);
        assertThatThrownBy(() -> receiver.poll(10, 100))
                .isInstanceOf(PartitionReceiver.ReceiveLinkFailedException.class)
                .hasMessageContaining("Receive buffer overflow");
    }
}

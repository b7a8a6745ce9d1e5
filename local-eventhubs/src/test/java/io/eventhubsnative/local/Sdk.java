package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared helpers: SDK clients against a {@link LocalEventHubs}, bounded waits and unique hub names. */
final class Sdk {

    /** Bounds every wait in the suite; the endpoint answers in milliseconds, so anything near this is a failure. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private static final AtomicInteger HUB_NAMES = new AtomicInteger();

    private Sdk() {}

    /** A fresh hub name, so tests sharing one endpoint never see each other's events. */
    static String uniqueHub(String prefix) {
        return prefix + "-" + HUB_NAMES.incrementAndGet();
    }

    /**
     * Retries that keep failures quick: a 10 s try timeout, two retries with a short fixed back-off. The SDK's
     * operation retry (RetryUtil) adds a 4 s "server busy" wait to the delay, so the max delay must exceed 4.1 s
     * (with a smaller one Reactor's jitter fails with "bound must be greater than origin").
     */
    static AmqpRetryOptions fastRetry() {
        return new AmqpRetryOptions()
                .setMode(AmqpRetryMode.FIXED)
                .setMaxRetries(2)
                .setDelay(Duration.ofMillis(100))
                .setMaxDelay(Duration.ofSeconds(6))
                .setTryTimeout(Duration.ofSeconds(10));
    }

    /** A client builder with the endpoint's emulator connection string for {@code hub} and {@link #fastRetry()}. */
    static EventHubClientBuilder builder(LocalEventHubs hubs, String hub) {
        return new EventHubClientBuilder()
                .connectionString(hubs.connectionString(hub))
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
                .retryOptions(fastRetry());
    }

    /** Receives exactly {@code count} events (fails when fewer arrive within {@link #WAIT}). */
    static List<PartitionEvent> receive(
            EventHubConsumerClient consumer, String partitionId, int count, EventPosition position) {
        List<PartitionEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.size() < count && System.nanoTime() < deadline) {
            EventPosition from = events.isEmpty()
                    ? position
                    : EventPosition.fromSequenceNumber(
                            events.get(events.size() - 1).getData().getSequenceNumber());
            for (PartitionEvent event :
                    consumer.receiveFromPartition(partitionId, count - events.size(), from, Duration.ofSeconds(5))) {
                events.add(event);
            }
        }
        assertThat(events).as("events received from partition %s", partitionId).hasSize(count);
        return events;
    }

    /** Receives whatever arrives from {@code position} within {@code window} (at most {@code max} events). */
    static List<PartitionEvent> receiveAll(
            EventHubConsumerClient consumer, String partitionId, int max, EventPosition position, Duration window) {
        List<PartitionEvent> events = new ArrayList<>();
        consumer.receiveFromPartition(partitionId, max, position, window).forEach(events::add);
        return events;
    }

    static List<String> bodies(List<PartitionEvent> events) {
        return events.stream().map(e -> e.getData().getBodyAsString()).toList();
    }

    static List<Long> sequenceNumbers(List<PartitionEvent> events) {
        return events.stream().map(e -> e.getData().getSequenceNumber()).toList();
    }

    static List<EventData> events(String prefix, int count) {
        List<EventData> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new EventData(prefix + i));
        }
        return events;
    }

    /** The address a consumer link of the default consumer group attaches to, as the endpoint counts it. */
    static String consumerAddress(String hub, String partitionId) {
        return hub + "/ConsumerGroups/$Default/Partitions/" + partitionId;
    }

    /** The AmqpException in {@code error}'s cause chain (the sync clients wrap them); fails when there is none. */
    static AmqpException amqpCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AmqpException amqp) {
                return amqp;
            }
        }
        throw new AssertionError("Expected an AmqpException in the cause chain of " + error, error);
    }

    /** A SAS token as the service documents it: HMAC-SHA256 over the URL-encoded resource, a newline and the expiry. */
    static String sasToken(String resource, String keyName, String key, Instant expiry) throws Exception {
        String encodedResource = URLEncoder.encode(resource, StandardCharsets.UTF_8);
        String expirySeconds = Long.toString(expiry.getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getEncoder()
                .encodeToString(mac.doFinal((encodedResource + "\n" + expirySeconds).getBytes(StandardCharsets.UTF_8)));
        return "SharedAccessSignature sr=" + encodedResource + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8)
                + "&se=" + expirySeconds + "&skn=" + keyName;
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }
}

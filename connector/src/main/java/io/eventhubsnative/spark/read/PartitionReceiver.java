package io.eventhubsnative.spark.read;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import io.eventhubsnative.spark.client.EventHubsClients;
import io.eventhubsnative.spark.client.Interrupts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * One open receive link on a partition, kept across micro-batches. The SDK pushes events into a bounded queue
 * (its credit follows what the reader takes out), and the reader takes them out in bulk.
 */
final class PartitionReceiver implements AutoCloseable, ReceiverPool.Pooled {

    private static final long NAP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long NAPPING_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long SLEEP_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String partitionId;
    private final BlockingQueue<EventData> queue;
    private final ArrayDeque<EventData> pushedBack = new ArrayDeque<>();
    private final Link link;
    private long nextSequenceNumber;
    private volatile long lastUsedNanos = System.nanoTime();
    private EventHubsClients.Lease<EventHubConsumerAsyncClient> client;

    private PartitionReceiver(String partitionId, long fromSequenceNumber, int capacity) {
        this.partitionId = partitionId;
        this.nextSequenceNumber = fromSequenceNumber;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.link = new Link(queue, capacity);
    }

    /**
     * Attaches a receive link that starts at {@code fromSequenceNumber} (inclusive). The receiver holds the client's
     * lease until it is closed, so the client stays open as long as a pooled link uses it.
     */
    static PartitionReceiver open(
            EventHubsClients.Lease<EventHubConsumerAsyncClient> client,
            String partitionId,
            long fromSequenceNumber,
            int prefetch) {
        try {
            PartitionReceiver receiver = subscribe(
                    partitionId,
                    fromSequenceNumber,
                    Math.max(prefetch, 64),
                    client.client()
                            .receiveFromPartition(
                                    partitionId,
                                    EventPosition.fromSequenceNumber(fromSequenceNumber, true),
                                    new ReceiveOptions().setTrackLastEnqueuedEventProperties(false))
                            .map(PartitionEvent::getData));
            receiver.client = client;
            return receiver;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A receiver of {@code events}, which it requests at most {@code capacity} at a time. */
    static PartitionReceiver subscribe(
            String partitionId, long fromSequenceNumber, int capacity, Publisher<EventData> events) {
        PartitionReceiver receiver = new PartitionReceiver(partitionId, fromSequenceNumber, capacity);
        Interrupts.setAside(() -> events.subscribe(receiver.link));
        return receiver;
    }

    String partitionId() {
        return partitionId;
    }

    /** The sequence number the next {@link #poll} continues from. */
    @Override
    public long nextSequenceNumber() {
        return nextSequenceNumber;
    }

    @Override
    public boolean isHealthy() {
        return link.error == null && !link.completed;
    }

    @Override
    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    /**
     * Takes up to {@code max} events: whatever is buffered, waiting at most {@code timeoutMs} when nothing is.
     * An empty list means the wait timed out; a failed link throws its error.
     */
    List<EventData> poll(int max, long timeoutMs) throws InterruptedException {
        lastUsedNanos = System.nanoTime();
        // Sized to what is there: a real-time reader polls for whatever arrived, often a single event.
        List<EventData> events = new ArrayList<>(Math.min(max, pushedBack.size() + queue.size() + 1));
        while (!pushedBack.isEmpty() && events.size() < max) {
            events.add(pushedBack.poll());
        }
        int reused = events.size();
        if (events.isEmpty()) {
            EventData first = queue.poll();
            if (first == null) {
                first = waitForFirst(timeoutMs);
            }
            if (first == null) {
                return events;
            }
            events.add(first);
        }
        queue.drainTo(events, max - events.size());
        link.taken(events.size() - reused);
        return events;
    }

    /**
     * Waits by short naps at first rather than on the queue's condition: a reader that slept on the condition would be
     * woken by the SDK's thread for each single event, and that hand-off per event cost more than the event itself. A
     * nap gathers the events of up to {@link #NAP_NANOS} for one wake-up: short, because a reader that empties the
     * queue in the middle of a sender's batch (the SDK decodes it event by event) waits that long for the rest. A
     * partition silent for {@link #NAPPING_NANOS} is idle (real-time mode waits minutes on such): the reader then
     * sleeps on the queue in bounded slices, costing no core, and the first event wakes it at once.
     */
    private EventData waitForFirst(long timeoutMs) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            EventData event = queue.poll();
            if (event != null) {
                return event;
            }
            Throwable error = link.error;
            if (error != null) {
                event = queue.poll();
                if (event != null) {
                    return event;
                }
                throw new ReceiveLinkFailedException(partitionId, error);
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return null;
            }
            if (now - started < NAPPING_NANOS) {
                LockSupport.parkNanos(NAP_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while waiting for events of partition " + partitionId);
                }
                continue;
            }
            // Bounded, so that a link that failed meanwhile (which adds no event) is noticed within a slice.
            event = queue.poll(Math.min(SLEEP_SLICE_NANOS, deadline - now), TimeUnit.NANOSECONDS);
            if (event != null) {
                return event;
            }
        }
    }

    /** The event the next {@link #poll} returns first, if it arrived already; null otherwise. */
    EventData peek() {
        EventData first = pushedBack.peekFirst();
        return first != null ? first : queue.peek();
    }

    /** Returns events a reader took but did not use (they belong to the next range), in order. */
    void pushBack(List<EventData> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            pushedBack.addFirst(events.get(i));
        }
    }

    void advanceTo(long sequenceNumber) {
        nextSequenceNumber = sequenceNumber;
    }

    /** Lets later links use a new client if {@code error} shows this one closed for good. */
    void retireClientIfBroken(Throwable error) {
        if (client != null) {
            client.retireIfBroken(error);
        }
    }

    @Override
    public void close() {
        // Spark closes a killed task's reader on its interrupted thread.
        Interrupts.setAside(link::dispose);
        queue.clear();
        pushedBack.clear();
        if (client != null) {
            client.close();
        }
    }

    /** Thrown when the receive link ended with an error (stolen, detached, connection lost beyond retries). */
    static final class ReceiveLinkFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReceiveLinkFailedException(String partitionId, Throwable cause) {
            super("The receive link of partition " + partitionId + " failed: " + cause.getMessage(), cause);
        }
    }

    /** Requests from the SDK only as many events as the queue has room for. */
    private static final class Link extends BaseSubscriber<EventData> {
        private final BlockingQueue<EventData> queue;
        private final int capacity;
        private volatile Throwable error;
        private volatile boolean completed;

        Link(BlockingQueue<EventData> queue, int capacity) {
            this.queue = queue;
            this.capacity = capacity;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(capacity);
        }

        @Override
        protected void hookOnNext(EventData event) {
            // Never blocks: we request no more than the queue's free room.
            if (!queue.offer(event)) {
                // Cancel, not onError(): called from here, onError ends this subscriber without cancelling upstream,
                // and the SDK's receive link would stay open and hold its slot of the partition.
                cancel();
                error = new IllegalStateException("Receive buffer overflow: the SDK sent more events than requested");
            }
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error = throwable;
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }

        void taken(int count) {
            if (count > 0 && !isDisposed()) {
                Interrupts.setAside(() -> request(count));
            }
        }
    }
}

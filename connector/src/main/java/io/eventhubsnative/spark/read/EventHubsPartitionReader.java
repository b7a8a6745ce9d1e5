package io.eventhubsnative.spark.read;

import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import io.eventhubsnative.spark.client.EventHubsClients;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.metrics.EventsLost;
import io.eventhubsnative.spark.metrics.EventsRead;
import io.eventhubsnative.spark.metrics.LinksOpened;
import io.eventhubsnative.spark.metrics.ServiceWaitMs;
import io.eventhubsnative.spark.metrics.TaskMetric;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads exactly the events {@code [from, until)} of one partition from a pooled receive link, in bulk, with every
 * wait bounded by {@code eventhubs.receiverTimeout}. Events that expired before they could be read are reported
 * per {@code failOnDataLoss}.
 */
final class EventHubsPartitionReader implements PartitionReader<InternalRow> {

    private static final Logger LOG = LoggerFactory.getLogger(EventHubsPartitionReader.class);
    private static final int BULK = 1024;

    private final EventHubsOptions options;
    private final EventHubsInputPartition range;
    private final String reader;
    private final boolean keepLinks;
    private final NextEvents nextEvents;
    private final ReceiverPool.Key poolKey;
    private final EventRows rows;
    private PartitionReceiver receiver;
    private Iterator<EventData> buffered = Collections.emptyIterator();
    private long next;
    private InternalRow current;
    private long currentEnqueuedMillis = -1;
    private boolean endedInTime;
    private long eventsRead;
    private long eventsLost;
    private long waitNanos;
    private long linksOpened;
    private int reopened;

    /**
     * {@code reader} names the query (or batch scan) whose links this task may reuse; {@code keepLinks} tells whether
     * a link that read its range to the end goes back to the pool for the next micro-batch.
     */
    EventHubsPartitionReader(
            EventHubsOptions options,
            EventHubsInputPartition range,
            String reader,
            boolean keepLinks,
            NextEvents nextEvents) {
        // A real-time task's range has no end; its link prefetches less (see forRealTime).
        this.options = range.until() == EventHubsInputPartition.UNBOUNDED ? options.forRealTime() : options;
        this.range = range;
        this.reader = reader;
        this.keepLinks = keepLinks;
        this.nextEvents = nextEvents;
        this.next = range.from();
        this.poolKey = poolKey(range.partitionId());
        this.rows = new EventRows(range.partitionId(), options.decode());
    }

    @Override
    public boolean next() throws IOException {
        while (next < range.until()) {
            if (!buffered.hasNext()) {
                fill();
                continue;
            }
            if (take(buffered.next())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Real-time mode, over an unbounded range: the next event, waiting for it at most {@code timeoutMs}; false when
     * none came by then. The wait is bounded and sleeps (the link's queue), so an idle partition costs no core.
     */
    boolean nextWithin(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            if (buffered.hasNext()) {
                if (take(buffered.next())) {
                    return true;
                }
                continue;
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                return false;
            }
            List<EventData> events = poll(BULK, remainingMs);
            buffered = events == null ? Collections.emptyIterator() : events.iterator();
        }
    }

    /** Makes {@code event} the current row if it is the next one of the range; reports a gap as lost events. */
    private boolean take(EventData event) {
        long sequenceNumber = event.getSequenceNumber();
        if (sequenceNumber < next) {
            return false; // already read: a link re-attached at an earlier position
        }
        if (sequenceNumber > next) {
            lost(next, Math.min(sequenceNumber, range.until()));
        }
        if (sequenceNumber >= range.until()) {
            next = range.until();
            return false;
        }
        current = rows.toRow(event);
        currentEnqueuedMillis =
                event.getEnqueuedTime() == null ? -1 : event.getEnqueuedTime().toEpochMilli();
        next = sequenceNumber + 1;
        eventsRead++;
        return true;
    }

    private void fill() throws IOException {
        long timeoutMs = options.receiverTimeout().toMillis();
        List<EventData> events = poll((int) Math.min(BULK, range.until() - next), timeoutMs);
        if (events == null) {
            return;
        }
        if (events.isEmpty() && reopened < options.maxRetries()) {
            // The events exist (they were planned), yet nothing came: a link left silent by a dropped connection.
            reopen("no event arrived within " + timeoutMs + " ms");
            return;
        }
        if (events.isEmpty()) {
            throw new IOException(
                    "Timed out after " + timeoutMs + " ms waiting for event " + next + " of " + describe()
                            + ". The events were there when the batch was planned; check that the namespace is reachable from the"
                            + " executors, or raise eventhubs.receiverTimeout (e.g. .option(\"eventhubs.receiverTimeout\", \"120s\")).");
        }
        // Keep what lies beyond this range for the next micro-batch, which starts where this one ends.
        int keep = events.size();
        while (keep > 0 && events.get(keep - 1).getSequenceNumber() >= range.until()) {
            keep--;
        }
        if (keep < events.size()) {
            receiver.pushBack(events.subList(keep, events.size()));
            events = events.subList(0, keep);
            if (events.isEmpty()) {
                lost(next, range.until());
                next = range.until();
            }
        }
        buffered = events.iterator();
    }

    /**
     * Up to {@code max} events from the link (opened on first use), waiting at most {@code timeoutMs}; empty when
     * none came, null when the link failed and was replaced by a new one.
     */
    private List<EventData> poll(int max, long timeoutMs) throws IOException {
        if (receiver == null) {
            boolean retry = TaskContext.get() != null && TaskContext.get().attemptNumber() > 0;
            ReceiverPool.Lease<PartitionReceiver> lease =
                    ReceiverPool.INSTANCE.acquire(poolKey, next, retry, opener(range.partitionId(), next));
            receiver = lease.receiver;
            linksOpened += lease.opened ? 1 : 0;
            if (keepLinks) {
                // Not for a batch scan: a link warmed for a range whose task already ran would wait for nobody.
                warmSiblings();
            }
        }
        long started = System.nanoTime();
        try {
            return receiver.poll(max, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading " + describe());
        } catch (PartitionReceiver.ReceiveLinkFailedException e) {
            reopenAfter(e);
            return null;
        } finally {
            waitNanos += System.nanoTime() - started;
        }
    }

    /**
     * A link the service closed with a transient condition (server busy, a forced detach, a dropped connection) is
     * replaced by a new one at the next event, up to {@code eventhubs.maxRetries} times per task, so the task rides
     * through instead of failing the micro-batch. Anything else (a stolen link, an unknown entity) fails the task.
     */
    private void reopenAfter(PartitionReceiver.ReceiveLinkFailedException failure) throws IOException {
        Throwable cause = failure.getCause();
        boolean transientFailure = cause instanceof AmqpException && ((AmqpException) cause).isTransient();
        if (!transientFailure || reopened >= options.maxRetries()) {
            receiver.retireClientIfBroken(cause);
            ReceiverPool.INSTANCE.discard(poolKey, receiver);
            receiver = null;
            throw new IOException(
                    "Reading " + describe() + " failed"
                            + (transientFailure
                                    ? " " + (reopened + 1) + " times (eventhubs.maxRetries=" + options.maxRetries()
                                            + ")"
                                    : "")
                            + ": " + cause.getMessage(),
                    cause);
        }
        reopen(cause.getMessage());
    }

    /** Replaces the receive link by a new one at the next event to read. */
    private void reopen(String why) {
        ReceiverPool.INSTANCE.discard(poolKey, receiver);
        reopened++;
        LOG.warn(
                "The receive link of {} failed ({}); opening a new one at event {} (retry {} of eventhubs.maxRetries={})",
                describe(),
                why,
                next,
                reopened,
                options.maxRetries());
        receiver = ReceiverPool.INSTANCE.acquire(poolKey, next, true, opener(range.partitionId(), next)).receiver;
        linksOpened++;
    }

    /** Opens the links of the other ranges planned for this executor, so they fill while this task reads. */
    private void warmSiblings() {
        for (Map.Entry<String, Long> sibling : range.siblingStarts().entrySet()) {
            String partitionId = sibling.getKey();
            long start = sibling.getValue();
            boolean opened = ReceiverPool.INSTANCE.warm(poolKey(partitionId), start, opener(partitionId, start));
            linksOpened += opened ? 1 : 0;
        }
    }

    /** Receivers are pooled per reader and partition; the slot (hub, consumer group, partition) bounds their number. */
    private ReceiverPool.Key poolKey(String partitionId) {
        return new ReceiverPool.Key(
                reader,
                options.namespaceAndHub() + "/" + options.consumerGroup().toLowerCase(java.util.Locale.ROOT) + "#"
                        + partitionId);
    }

    private Supplier<PartitionReceiver> opener(String partitionId, long from) {
        return () ->
                PartitionReceiver.open(EventHubsClients.consumer(options), partitionId, from, options.prefetchCount());
    }

    private void lost(long fromInclusive, long untilExclusive) {
        DataLoss.report(
                options,
                range.partitionId(),
                fromInclusive,
                untilExclusive,
                "They expired after the read was planned; restart from a retained position");
        eventsLost += untilExclusive - fromInclusive;
    }

    private String describe() {
        return "partition " + range.partitionId() + " of event hub '" + options.eventHubName() + "' (range ["
                + range.from() + ", " + range.until() + "))";
    }

    @Override
    public InternalRow get() {
        return current;
    }

    /** When the current event was enqueued (epoch milliseconds), or -1 if the service did not say. */
    long currentEnqueuedMillis() {
        return currentEnqueuedMillis;
    }

    /** The sequence number of the next event this reader would return. */
    long position() {
        return next;
    }

    /** The partition this reader reads. */
    String partitionId() {
        return range.partitionId();
    }

    /**
     * Ends a real-time task whose time is up: its link, positioned right after the last event returned, goes back to
     * the pool for the next batch, which starts there.
     */
    void endInTime() {
        endedInTime = true;
        close();
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return new CustomTaskMetric[] {
            new TaskMetric(EventsRead.NAME, eventsRead),
            new TaskMetric(EventsLost.NAME, eventsLost),
            new TaskMetric(ServiceWaitMs.NAME, waitNanos / 1_000_000),
            new TaskMetric(LinksOpened.NAME, linksOpened)
        };
    }

    /** Tells the driver when the first event past this range was enqueued, if the link holds it already. */
    private void reportNextEvent() {
        EventData first = nextEvents == null ? null : receiver.peek();
        if (first != null && first.getSequenceNumber() == next && first.getEnqueuedTime() != null) {
            nextEvents.add(new NextEvents.Seen(
                    range.partitionId(), next, first.getEnqueuedTime().toEpochMilli()));
        }
    }

    @Override
    public void close() {
        if (receiver == null) {
            return;
        }
        if ((next == range.until() || endedInTime) && keepLinks) {
            // A real-time task may end with events taken from the link but not returned: they come next.
            List<EventData> unread = new ArrayList<>();
            buffered.forEachRemaining(unread::add);
            receiver.pushBack(unread);
            reportNextEvent();
            receiver.advanceTo(next);
            ReceiverPool.INSTANCE.release(poolKey, receiver);
        } else {
            // Stopped early (failure or a limit): the link's position is unknown to the next task, so drop it; so is
            // the link of a batch scan, which reads each range once.
            ReceiverPool.INSTANCE.discard(poolKey, receiver);
        }
        receiver = null;
    }
}

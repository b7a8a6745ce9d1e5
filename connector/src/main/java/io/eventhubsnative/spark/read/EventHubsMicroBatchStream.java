package io.eventhubsnative.spark.read;

import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import io.eventhubsnative.spark.client.EventHubsClients;
import io.eventhubsnative.spark.client.PartitionBounds;
import io.eventhubsnative.spark.client.PartitionMetadata;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NumericOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.CompositeReadLimit;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadAllAvailable;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.ReadMaxRows;
import org.apache.spark.sql.connector.read.streaming.ReadMinRows;
import org.apache.spark.sql.connector.read.streaming.ReportsSourceMetrics;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of a stream: offsets are per-partition next sequence numbers. Planning reads every partition's
 * bounds in one parallel management round, applies the read limits, and plans exactly the ranges between the
 * offsets it is given, so a replayed batch reads the same events. Not final: on Spark 4.1 and later the stream is a
 * {@code RealTimeStream}, which adds real-time mode to it.
 */
class EventHubsMicroBatchStream implements MicroBatchStream, SupportsTriggerAvailableNow, ReportsSourceMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(EventHubsMicroBatchStream.class);

    /** Reads a real-time query's bounds ahead of its next batch; an idle thread ends after a minute. */
    private static final ExecutorService READ_AHEAD = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "eventhubs-native-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final EventHubsOptions options;
    private final SourceIdentity identity;
    private final InitialOffsets initialOffsets;
    private final Supplier<Map<String, PartitionBounds>> metadata;
    private final Clock clock;
    private final NextEvents nextEvents = new NextEvents();
    private final EventHubsReaderFactory readers;
    private Map<String, PartitionBounds> latestBounds;
    private boolean boundsJustRead;
    private EventHubsSourceOffset plannedStart;
    private CompletableFuture<Map<String, PartitionBounds>> nextBounds;
    private Map<String, Long> plannedStarts;
    private boolean availableNow;
    private Map<String, Long> availableNowTarget;
    private Long lastTriggerMillis; // null until the first batch
    private final Map<String, Long> lostUpTo = new HashMap<>();
    private long eventsLost;

    EventHubsMicroBatchStream(EventHubsOptions options, String checkpointLocation, Configuration hadoopConf) {
        this(options, checkpointLocation, hadoopConf, () -> PartitionMetadata.fetch(options), Clock.systemUTC());
    }

    /** With the partitions' metadata and the time from elsewhere, for tests of admission control. */
    EventHubsMicroBatchStream(
            EventHubsOptions options,
            String checkpointLocation,
            Configuration hadoopConf,
            Supplier<Map<String, PartitionBounds>> metadata,
            Clock clock) {
        this.metadata = metadata;
        this.clock = clock;
        this.options = options;
        this.identity = SourceIdentity.of(options);
        this.initialOffsets = new InitialOffsets(checkpointLocation, hadoopConf);
        // Registered with Spark where there is a session, so that what readers report reaches this driver.
        if (SparkSession.getActiveSession().isDefined()) {
            SparkSession.getActiveSession().get().sparkContext().register(nextEvents, "eventhubs-native next events");
        }
        this.readers = EventHubsReaderFactory.forStream(options, checkpointLocation, nextEvents);
    }

    @Override
    public Offset initialOffset() {
        return initialOffsets.getOrCreate(identity, () -> {
            Map<String, Long> start = startsOf(fetchBounds());
            LOG.info("Starting {} at {}", this, start);
            return new EventHubsSourceOffset(options.eventHubName(), start);
        });
    }

    /** The starting positions of these partitions as sequence numbers. */
    private Map<String, Long> startsOf(Map<String, PartitionBounds> bounds) {
        if (bounds.isEmpty()) {
            return new TreeMap<>(NumericOrder.INSTANCE);
        }
        try (EventHubsClients.Lease<EventHubConsumerAsyncClient> client = EventHubsClients.consumer(options)) {
            return StartingOffsets.resolve(
                    bounds,
                    id -> options.startingPosition(id, EventHubsOptions.STREAM_START),
                    client.client(),
                    options.operationTimeout());
        }
    }

    @Override
    public Offset deserializeOffset(String json) {
        EventHubsSourceOffset offset = EventHubsSourceOffset.fromJson(json);
        identity.checkOffset(offset);
        return offset;
    }

    @Override
    public ReadLimit getDefaultReadLimit() {
        List<ReadLimit> limits = new ArrayList<>();
        if (options.maxEventsPerTrigger() != null) {
            limits.add(ReadLimit.maxRows(options.maxEventsPerTrigger()));
        }
        if (options.minEventsPerTrigger() != null) {
            limits.add(ReadLimit.minRows(
                    options.minEventsPerTrigger(), options.maxTriggerDelay().toMillis()));
        }
        if (limits.isEmpty()) {
            return ReadLimit.allAvailable();
        }
        return limits.size() == 1 ? limits.get(0) : ReadLimit.compositeLimit(limits.toArray(new ReadLimit[0]));
    }

    @Override
    public void prepareForTriggerAvailableNow() {
        // The target is fixed on the first latestOffset call (a restarted batch may end past today's latest).
        availableNow = true;
    }

    @Override
    public Offset latestOffset() {
        throw new UnsupportedOperationException("latestOffset(Offset, ReadLimit) is used with admission control");
    }

    @Override
    public Offset latestOffset(Offset startOffset, ReadLimit limit) {
        EventHubsSourceOffset start = (EventHubsSourceOffset) startOffset;
        latestBounds = nextBounds != null ? awaitNextBounds() : fetchBounds();
        boundsJustRead = true;
        plannedStarts = null;
        Map<String, PartitionBounds> joining = new TreeMap<>(NumericOrder.INSTANCE);
        Map<String, Long> from = continuing(start, joining);
        Map<String, Long> latest = new TreeMap<>(NumericOrder.INSTANCE);
        Map<String, Long> ends = new TreeMap<>(NumericOrder.INSTANCE);
        for (PartitionBounds bounds : latestBounds.values()) {
            ends.put(bounds.partitionId(), bounds.end());
            if (!joining.containsKey(bounds.partitionId())) {
                latest.put(bounds.partitionId(), bounds.end());
            }
        }
        // A partition added to eventhubs.partitions since the start offset joins at its starting position, with no
        // event in this batch, so that planning (which sees only offsets) reads nothing of it before that position.
        for (Map.Entry<String, Long> joined : startsOf(joining).entrySet()) {
            from.put(joined.getKey(), joined.getValue());
            latest.put(joined.getKey(), joined.getValue());
        }
        checkDataLoss(from);
        if (availableNow) {
            if (availableNowTarget == null) {
                availableNowTarget = ends;
            }
            latest = capped(from, latest, availableNowTarget);
        }
        Map<String, Long> end = applyLimit(from, latest, limit);
        // A joining partition makes a batch of its own (with nothing to read) so that it enters the offsets.
        if (end == null || (end.equals(from) && joining.isEmpty())) {
            return start;
        }
        lastTriggerMillis = clock.millis();
        return new EventHubsSourceOffset(options.eventHubName(), end);
    }

    /**
     * Where each partition of the hub (as last fetched) continues after {@code start}. A partition added to the hub
     * since then begins at its first event, sequence number 0; one added to {@code eventhubs.partitions} is left out
     * and put in {@code joining}, to join at its starting position.
     */
    private Map<String, Long> continuing(EventHubsSourceOffset start, Map<String, PartitionBounds> joining) {
        Map<String, Long> from = new TreeMap<>(NumericOrder.INSTANCE);
        for (PartitionBounds bounds : latestBounds.values()) {
            Long next = start.sequenceNumbers().get(bounds.partitionId());
            if (next == null && !options.partitions().isEmpty()) {
                joining.put(bounds.partitionId(), bounds);
            } else {
                from.put(bounds.partitionId(), next == null ? 0L : next);
            }
        }
        return from;
    }

    /**
     * Real-time mode: where each partition's long-running task starts after {@code start}, partitions that joined
     * included, with expired events reported as in a micro-batch.
     */
    Map<String, Long> realTimeStarts(EventHubsSourceOffset start) {
        // Spark plans a real-time batch several times over, once per copy of its scan node (six on Spark 4.1), each
        // with the same start: those are one plan, so that they agree and cost no management round of their own.
        if (plannedStarts != null && start.equals(plannedStart)) {
            return plannedStarts;
        }
        // Spark asks for the latest offset (for its progress report) right before planning a real-time batch: the
        // bounds read then serve here too, which keeps one management round, not two, in the pause at a boundary.
        if (!boundsJustRead || latestBounds == null) {
            latestBounds = fetchBounds();
        }
        boundsJustRead = false;
        Map<String, PartitionBounds> joining = new TreeMap<>(NumericOrder.INSTANCE);
        Map<String, Long> from = continuing(start, joining);
        from.putAll(startsOf(joining));
        checkDataLoss(from);
        plannedStart = start;
        plannedStarts = Collections.unmodifiableMap(from);
        return plannedStarts;
    }

    EventHubsOptions options() {
        return options;
    }

    private Map<String, Long> applyLimit(Map<String, Long> from, Map<String, Long> latest, ReadLimit limit) {
        if (limit instanceof ReadAllAvailable) {
            return latest;
        }
        if (limit instanceof ReadMaxRows) {
            return BacklogSplit.endOffsets(from, latest, ((ReadMaxRows) limit).maxRows());
        }
        if (limit instanceof ReadMinRows) {
            ReadMinRows min = (ReadMinRows) limit;
            return !availableNow && delay(from, latest, min) ? null : latest;
        }
        if (limit instanceof CompositeReadLimit) {
            Map<String, Long> end = latest;
            for (ReadLimit part : ((CompositeReadLimit) limit).getReadLimits()) {
                end = applyLimit(from, end, part);
                if (end == null) {
                    return null;
                }
            }
            return end;
        }
        throw new IllegalArgumentException("Unsupported read limit " + limit);
    }

    /** minEventsPerTrigger: wait until enough events arrived, but no longer than maxTriggerDelay since the last batch. */
    private boolean delay(Map<String, Long> from, Map<String, Long> latest, ReadMinRows min) {
        long now = clock.millis();
        if (lastTriggerMillis == null || now - lastTriggerMillis >= min.maxTriggerDelayMs()) {
            return false;
        }
        return backlog(from, latest) < min.minRows();
    }

    private static long backlog(Map<String, Long> from, Map<String, Long> latest) {
        long total = 0;
        for (Map.Entry<String, Long> entry : latest.entrySet()) {
            total += Math.max(0, entry.getValue() - from.getOrDefault(entry.getKey(), entry.getValue()));
        }
        return total;
    }

    private static Map<String, Long> capped(
            Map<String, Long> from, Map<String, Long> latest, Map<String, Long> target) {
        Map<String, Long> capped = new TreeMap<>(NumericOrder.INSTANCE);
        for (Map.Entry<String, Long> entry : latest.entrySet()) {
            Long cap = target.get(entry.getKey());
            // Partitions that appeared after the AvailableNow target was fixed are not read in this run.
            long bound = cap == null ? from.get(entry.getKey()) : Math.max(from.get(entry.getKey()), cap);
            capped.put(entry.getKey(), Math.min(entry.getValue(), bound));
        }
        return capped;
    }

    /** Events between the start offset and the oldest retained one have expired and will never be read. */
    private void checkDataLoss(Map<String, Long> from) {
        for (Map.Entry<String, Long> entry : from.entrySet()) {
            PartitionBounds bounds = latestBounds.get(entry.getKey());
            long start = entry.getValue();
            if (start >= bounds.begin()) {
                continue;
            }
            long counted = Math.max(start, lostUpTo.getOrDefault(entry.getKey(), start));
            if (bounds.begin() > counted || options.failOnDataLoss()) {
                DataLoss.report(
                        options,
                        entry.getKey(),
                        start,
                        bounds.begin(),
                        "Restart from a new checkpointLocation with a retained starting position");
                eventsLost += bounds.begin() - counted;
                lostUpTo.put(entry.getKey(), bounds.begin());
            }
        }
    }

    @Override
    public Offset reportLatestOffset() {
        if (latestBounds == null) {
            return null;
        }
        Map<String, Long> latest = new TreeMap<>(NumericOrder.INSTANCE);
        latestBounds.values().forEach(b -> latest.put(b.partitionId(), b.end()));
        return new EventHubsSourceOffset(options.eventHubName(), latest);
    }

    @Override
    public InputPartition[] planInputPartitions(Offset start, Offset end) {
        Map<String, Long> from = ((EventHubsSourceOffset) start).sequenceNumbers();
        Map<String, Long> until = ((EventHubsSourceOffset) end).sequenceNumbers();
        Map<String, long[]> ranges = new TreeMap<>(NumericOrder.INSTANCE);
        for (Map.Entry<String, Long> entry : until.entrySet()) {
            // Absent from the start: a partition new to the hub (read from 0) or one joining eventhubs.partitions,
            // which enters the offsets at its starting position with nothing to read.
            long first = from.getOrDefault(entry.getKey(), options.partitions().isEmpty() ? 0L : entry.getValue());
            ranges.put(entry.getKey(), new long[] {first, entry.getValue()});
        }
        List<EventHubsInputPartition> partitions = EventHubsInputPartition.plan(ranges, ExecutorLocations.current());
        return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        return readers;
    }

    @Override
    public Map<String, String> metrics(Optional<Offset> latestConsumedOffset) {
        Map<String, String> metrics = new HashMap<>();
        metrics.put("eventsLost", Long.toString(eventsLost));
        if (latestBounds == null || !latestConsumedOffset.isPresent()) {
            return metrics;
        }
        Map<String, Long> consumed = ((EventHubsSourceOffset) latestConsumedOffset.get()).sequenceNumbers();
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (PartitionBounds bounds : latestBounds.values()) {
            long behind = Math.max(0, bounds.end() - consumed.getOrDefault(bounds.partitionId(), 0L));
            min = Math.min(min, behind);
            max = Math.max(max, behind);
            sum += behind;
        }
        putTimeBehind(metrics, consumed);
        if (!latestBounds.isEmpty()) {
            metrics.put("minEventsBehindLatest", Long.toString(min));
            metrics.put("maxEventsBehindLatest", Long.toString(max));
            metrics.put(
                    "avgEventsBehindLatest", String.format(Locale.ROOT, "%.1f", (double) sum / latestBounds.size()));
        }
        return metrics;
    }

    /**
     * How old the oldest unread event is, from the enqueued time of each partition's next event as its reader saw it
     * (a caught-up partition counts 0): {@code oldestUnreadEnqueuedTime}, {@code maxMsBehindLatest} and
     * {@code avgMsBehindLatest}. Left out when a partition with unread events has no such report yet.
     */
    private void putTimeBehind(Map<String, String> metrics, Map<String, Long> consumed) {
        Map<String, long[]> next = nextEvents.value();
        long now = clock.millis();
        long oldest = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (PartitionBounds bounds : latestBounds.values()) {
            long position = consumed.getOrDefault(bounds.partitionId(), 0L);
            if (position >= bounds.end()) {
                continue;
            }
            long[] event = next.get(bounds.partitionId());
            if (event == null || event[0] != position) {
                return;
            }
            oldest = Math.min(oldest, event[1]);
            long age = Math.max(0, now - event[1]);
            max = Math.max(max, age);
            sum += age;
        }
        if (oldest != Long.MAX_VALUE) {
            metrics.put(
                    "oldestUnreadEnqueuedTime",
                    java.time.Instant.ofEpochMilli(oldest).toString());
        }
        metrics.put("maxMsBehindLatest", Long.toString(max));
        metrics.put("avgMsBehindLatest", Long.toString(latestBounds.isEmpty() ? 0 : sum / latestBounds.size()));
    }

    private Map<String, PartitionBounds> fetchBounds() {
        return metadata.get();
    }

    /**
     * Real-time mode: the batch's tasks have ended, so read the bounds for the next batch's {@code latestOffset} now,
     * while Spark writes its offset and commit logs, rather than in the pause after them, where the events that
     * arrive wait for the next tasks.
     */
    void readBoundsForNextBatch() {
        nextBounds = CompletableFuture.supplyAsync(this::fetchBounds, READ_AHEAD);
    }

    /** The bounds {@link #readBoundsForNextBatch} read; its failure, if it failed, as a read here would fail. */
    private Map<String, PartitionBounds> awaitNextBounds() {
        CompletableFuture<Map<String, PartitionBounds>> pending = nextBounds;
        nextBounds = null;
        try {
            return pending.get(); // the read is bounded by eventhubs.operationTimeout
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the partitions of " + options.eventHubName(), e);
        }
    }

    @Override
    public void commit(Offset end) {
        // Nothing to do: progress lives in Spark's checkpoint, not in Event Hubs.
    }

    @Override
    public void stop() {
        // Frees the query's slots of the service's receiver limit now; executors elsewhere close theirs when other
        // links need the room or after the idle timeout.
        ReceiverPool.INSTANCE.closeReader(readers.reader());
    }

    @Override
    public String toString() {
        return "EventHubsMicroBatchStream[namespace=" + options.fullyQualifiedNamespace() + ", eventHub="
                + options.eventHubName() + ", consumerGroup=" + options.consumerGroup() + "]";
    }
}

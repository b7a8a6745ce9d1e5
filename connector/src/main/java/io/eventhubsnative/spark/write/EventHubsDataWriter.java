package io.eventhubsnative.spark.write;

import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import io.eventhubsnative.spark.avro.ValueEncoder;
import io.eventhubsnative.spark.client.EventHubsClients;
import io.eventhubsnative.spark.client.EventHubsErrors;
import io.eventhubsnative.spark.client.Interrupts;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.metrics.BytesWritten;
import io.eventhubsnative.spark.metrics.EventsWritten;
import io.eventhubsnative.spark.metrics.TaskMetric;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Writes one Spark task's rows: packs events into one {@link EventDataBatch} per target (partition id, partition key,
 * or the service's round-robin), sends a batch when it is full, with at most {@link #MAX_IN_FLIGHT} sends in flight
 * and at most {@link #MAX_BUFFERED_BYTES} of events waiting in open batches, so memory stays bounded.
 * {@link #commit()} sends what is left and waits for every send: a task commits only once each of its events is
 * stored by Event Hubs (at-least-once; a retried task sends its events again).
 *
 * <p>Rows that stop coming are not left waiting for the commit: a task of Spark 4.1's real-time mode commits only at
 * the end of its batch, minutes later. Open batches go out once no row came for {@link #IDLE_NANOS}, or once they
 * are {@link #MAX_AGE_NANOS} old, whichever is first; a busy micro-batch task, which writes rows back to back, still
 * fills its batches.
 */
final class EventHubsDataWriter implements DataWriter<InternalRow> {

    private static final Logger LOG = LoggerFactory.getLogger(EventHubsDataWriter.class);

    /**
     * Sends under way at once per task. Under a spent quota each waits seconds between tries (the service asks for 4):
     * the more of them wait, the sooner one takes the quota as it comes back (8 reached 89% of a unit, 16 92%).
     */
    static final int MAX_IN_FLIGHT = 16;
    /** The first pause before a throttled batch goes again; it doubles up to the maximum, with jitter. */
    private static final Duration THROTTLED_BACKOFF = Duration.ofSeconds(1);

    private static final Duration MAX_THROTTLED_BACKOFF = Duration.ofSeconds(8);
    static final long MAX_BUFFERED_BYTES = 16L * 1024 * 1024;
    static final int MAX_OPEN_BATCHES = 256;
    private static final String ROUND_ROBIN = "";
    static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Checks writers' open batches for idleness and age; one daemon thread per JVM, shared by all writers. */
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eventhubs-native-sink-flusher");
        thread.setDaemon(true);
        return thread;
    });

    private final EventHubsOptions options;
    private final WriteSchema schema;
    private final int sparkPartition;
    private final long taskId;
    private final EventSender producer;
    private final Duration timeout;

    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final SendPacer pacer;
    /**
     * Set while the flusher's thread sends idle batches: it is shared, so it never sleeps in the pacer; it sends only
     * once the pacer lets a batch go, and charges the pacer for what it sent.
     */
    private boolean flushingIdle;

    private long eventsWritten;
    private long bytesWritten;
    private long rows;
    private long bufferedBytes;

    /** Guards the open batches: rows come from the task's thread, idle batches are sent from the flusher's. */
    private final ReentrantLock lock = new ReentrantLock();

    private final long idleNanos;
    private final long maxAgeNanos;
    private long lastWriteNanos;
    private long oldestOpenNanos;
    private boolean checkScheduled;
    private boolean finished;

    /** A batch being filled for one target. */
    private static final class Open {
        final CreateBatchOptions batchOptions;
        EventDataBatch batch;
        long bodyBytes;

        Open(CreateBatchOptions batchOptions) {
            this.batchOptions = batchOptions;
        }
    }

    /** {@code tasks}: how many tasks write this query's rows, who share its {@code eventhubs.maxEventsPerSecond}. */
    EventHubsDataWriter(EventHubsOptions options, WriteSchema schema, int sparkPartition, long taskId, int tasks) {
        this(
                options,
                schema,
                sparkPartition,
                taskId,
                EventSender.leased(EventHubsClients.producer(options)),
                IDLE_NANOS,
                MAX_AGE_NANOS,
                SendPacer.forTask(options.maxEventsPerSecond(), tasks));
    }

    /**
     * With the producer from elsewhere, for tests of what the SDK cannot be made to do on demand, and the idle time
     * and age after which open batches go out ({@code Long.MAX_VALUE}: only when full or at the commit).
     */
    EventHubsDataWriter(
            EventHubsOptions options,
            WriteSchema schema,
            int sparkPartition,
            long taskId,
            EventSender producer,
            long idleNanos,
            long maxAgeNanos,
            SendPacer pacer) {
        this.pacer = pacer;
        this.idleNanos = idleNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.options = options;
        this.schema = schema;
        this.sparkPartition = sparkPartition;
        this.taskId = taskId;
        this.producer = producer;
        // Every try of a send is bounded by the operation timeout; retries multiply it.
        this.timeout = options.operationTimeout()
                .multipliedBy(options.maxRetries() + 1L)
                .plusSeconds(30);
    }

    @Override
    public void write(InternalRow row) {
        lock.lock();
        try {
            writeLocked(row);
            lastWriteNanos = System.nanoTime();
            if (!checkScheduled && !open.isEmpty() && idleNanos != Long.MAX_VALUE) {
                oldestOpenNanos = lastWriteNanos;
                checkScheduled = true;
                FLUSHER.schedule(this::sendIfIdle, idleNanos, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the flusher's thread: sends the open batches if no row came for the idle time or they reached the maximum
     * age, else looks again later. A send that fails is reported by the task's next call.
     */
    private void sendIfIdle() {
        if (!lock.tryLock()) {
            FLUSHER.schedule(this::sendIfIdle, idleNanos, TimeUnit.NANOSECONDS);
            return;
        }
        try {
            if (finished || open.isEmpty()) {
                checkScheduled = false;
                return;
            }
            long now = System.nanoTime();
            if (now - lastWriteNanos < idleNanos && now - oldestOpenNanos < maxAgeNanos) {
                FLUSHER.schedule(this::sendIfIdle, idleNanos, TimeUnit.NANOSECONDS);
                return;
            }
            long paced = pacer == null ? 0 : pacer.nanosUntilFree();
            if (paced > 0) {
                // eventhubs.maxEventsPerSecond holds idle batches too: they go once the events before them had their
                // time.
                FLUSHER.schedule(this::sendIfIdle, paced, TimeUnit.NANOSECONDS);
                return;
            }
            if (inFlight.availablePermits() < open.size()) {
                // The shared thread must not wait for sends in flight either; only their completions add permits.
                FLUSHER.schedule(this::sendIfIdle, idleNanos, TimeUnit.NANOSECONDS);
                return;
            }
            checkScheduled = false;
            flushingIdle = true;
            flushAll();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            flushingIdle = false;
            lock.unlock();
        }
    }

    private void writeLocked(InternalRow row) {
        checkFailure();
        long position = rows++;
        ValueEncoder encoder = schema.encoder();
        if (row.isNullAt(schema.body())) {
            throw new IllegalArgumentException(at(position) + ": column '" + (encoder == null ? "body" : "value")
                    + "' is null; every event needs a body (use an empty string or binary for an empty event).");
        }
        byte[] body;
        if (encoder != null) {
            body = encode(encoder, row, position);
        } else {
            body = schema.bodyIsString() ? row.getUTF8String(schema.body()).getBytes() : row.getBinary(schema.body());
        }
        if (encoder == null && !(row instanceof UnsafeRow)) {
            // An UnsafeRow hands out copies; other rows may share arrays that a later row reuses, and the event is sent
            // after write() returns.
            body = body.clone();
        }
        String partitionId = stringOrNull(row, schema.partitionId());
        String partitionKey = stringOrNull(row, schema.partitionKey());
        if (partitionId != null && partitionKey != null) {
            throw new IllegalArgumentException(
                    at(position) + ": both column 'partitionId' (" + partitionId + ") and "
                            + "column 'partitionKey' are set; an event goes either to a partition or by key. Set one of them to null.");
        }
        EventData event = new EventData(body);
        String contentType = encoder != null ? encoder.contentType() : stringOrNull(row, schema.contentType());
        if (contentType != null) {
            event.setContentType(contentType);
        }
        if (schema.properties() >= 0 && !row.isNullAt(schema.properties())) {
            MapData map = row.getMap(schema.properties());
            ArrayData keys = map.keyArray();
            ArrayData values = map.valueArray();
            for (int i = 0; i < map.numElements(); i++) {
                if (!values.isNullAt(i)) {
                    event.getProperties()
                            .put(
                                    keys.getUTF8String(i).toString(),
                                    values.getUTF8String(i).toString());
                }
            }
        }
        String target =
                partitionId != null ? "p:" + partitionId : partitionKey != null ? "k:" + partitionKey : ROUND_ROBIN;
        Open batch = open.get(target);
        if (batch == null) {
            CreateBatchOptions batchOptions = new CreateBatchOptions();
            if (partitionId != null) {
                batchOptions.setPartitionId(partitionId);
            } else if (partitionKey != null) {
                batchOptions.setPartitionKey(partitionKey);
            }
            batch = new Open(batchOptions);
            open.put(target, batch);
        }
        add(batch, event, position, body.length);
        // Spark reads the task's metrics before commit(), so count events as they are taken; a task that commits has
        // had every one of them acknowledged, one that fails reports its failure instead.
        eventsWritten++;
        bytesWritten += body.length;
        bufferedBytes += body.length;
        if (bufferedBytes > MAX_BUFFERED_BYTES || open.size() > MAX_OPEN_BATCHES) {
            flushAll();
        }
    }

    private void add(Open target, EventData event, long position, int bodySize) {
        if (target.batch == null) {
            target.batch = newBatch(target.batchOptions);
        }
        if (tryAdd(target.batch, event, position, bodySize)) {
            target.bodyBytes += bodySize;
            return;
        }
        if (target.batch.getCount() > 0) {
            send(target);
            target.batch = newBatch(target.batchOptions);
            if (tryAdd(target.batch, event, position, bodySize)) {
                target.bodyBytes += bodySize;
                return;
            }
        }
        throw tooLarge(position, bodySize, event, target.batch.getMaxSizeInBytes());
    }

    private boolean tryAdd(EventDataBatch batch, EventData event, long position, int bodySize) {
        try {
            return batch.tryAdd(event);
        } catch (AmqpException e) {
            // The SDK throws rather than return false when the event alone overflows its buffer.
            throw tooLarge(position, bodySize, event, batch.getMaxSizeInBytes());
        }
    }

    private IllegalArgumentException tooLarge(long position, int bodySize, EventData event, int maxSize) {
        return new IllegalArgumentException(at(position) + ": the event is too large for event hub '"
                + options.eventHubName() + "': its body is " + bodySize + " bytes ("
                + event.getProperties().size()
                + " properties besides), and the hub takes at most " + maxSize + " bytes per event including its "
                + "properties and AMQP headers. Shrink or split the body (e.g. compress it), or use a tier with larger "
                + "events.");
    }

    private EventDataBatch newBatch(CreateBatchOptions batchOptions) {
        Interrupts.failIfInterrupted("create a batch of events for event hub '" + options.eventHubName() + "'");
        try {
            EventDataBatch batch = producer.createBatch(batchOptions).block(timeout);
            if (batch == null) {
                throw new IllegalStateException("no batch returned");
            }
            return batch;
        } catch (RuntimeException e) {
            throw EventHubsErrors.explain(e, options, "create a batch of events for", options.operationTimeout());
        }
    }

    private void flushAll() {
        Iterator<Open> batches = open.values().iterator();
        while (batches.hasNext()) {
            Open batch = batches.next();
            if (batch.batch != null && batch.batch.getCount() > 0) {
                send(batch);
            }
            batches.remove();
        }
        bufferedBytes = 0;
    }

    /** Sends {@code target}'s batch asynchronously once fewer than {@link #MAX_IN_FLIGHT} sends are under way. */
    private void send(Open target) {
        EventDataBatch batch = target.batch;
        long bytes = target.bodyBytes;
        target.batch = null;
        target.bodyBytes = 0;
        bufferedBytes -= bytes;
        pace(batch.getCount());
        acquire(1);
        checkFailureReleasing(1);
        // A send link closed underneath (a dropped connection the SDK had not noticed yet) refuses the batch before
        // sending anything, and the SDK does not retry that: one more try goes out on a new link. A namespace whose
        // quota is spent refuses with server-busy after the SDK's own tries: the batch goes again, after a pause that
        // grows, for as long as the service only throttles.
        Interrupts.setAside(() -> Mono.defer(() -> producer.send(batch))
                .onErrorResume(EventHubsErrors::isClosedUnderneath, e -> producer.send(batch))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, THROTTLED_BACKOFF)
                        .maxBackoff(MAX_THROTTLED_BACKOFF)
                        .filter(EventHubsErrors::isServerBusy))
                .subscribe(
                        ignored -> {},
                        error -> {
                            failure.compareAndSet(null, error);
                            inFlight.release();
                        },
                        () -> inFlight.release()));
    }

    private void pace(int events) {
        if (pacer == null) {
            return;
        }
        if (flushingIdle) {
            pacer.charge(events);
            return;
        }
        try {
            pacer.pace(events);
        } catch (InterruptedException e) {
            throw EventHubsErrors.interruption(
                    e, "Interrupted while pacing the events sent to event hub '" + options.eventHubName() + "'");
        }
    }

    private void acquire(int permits) {
        try {
            if (!inFlight.tryAcquire(permits, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw EventHubsErrors.explain(
                        new java.util.concurrent.TimeoutException("sends still in flight"),
                        options,
                        "send events to",
                        timeout);
            }
        } catch (InterruptedException e) {
            throw EventHubsErrors.interruption(
                    e, "Interrupted while sending events to event hub '" + options.eventHubName() + "'");
        }
    }

    private void checkFailureReleasing(int permits) {
        if (failure.get() != null) {
            inFlight.release(permits);
            checkFailure();
        }
    }

    private void checkFailure() {
        Throwable error = failure.get();
        if (error != null) {
            producer.failed(error);
            throw EventHubsErrors.explain(error, options, "send events to", options.operationTimeout());
        }
    }

    @Override
    public WriterCommitMessage commit() {
        lock.lock();
        try {
            finished = true;
            flushAll();
        } finally {
            lock.unlock();
        }
        acquire(MAX_IN_FLIGHT);
        inFlight.release(MAX_IN_FLIGHT);
        checkFailure();
        LOG.debug(
                "Spark partition {} (task {}) sent {} events ({} body bytes) to event hub '{}'",
                sparkPartition,
                taskId,
                eventsWritten,
                bytesWritten,
                options.eventHubName());
        return new WriteCommit(sparkPartition, eventsWritten, bytesWritten);
    }

    @Override
    public void abort() {
        int pending = MAX_IN_FLIGHT - inFlight.availablePermits();
        discardOpen();
        LOG.warn(
                "Aborting the write of Spark partition {} (task {}) to event hub '{}' after {} rows: the batches "
                        + "already sent stay in the hub and {} sends still in flight may land too (the sink is at-least-once; a "
                        + "retry sends the task's rows again).",
                sparkPartition,
                taskId,
                options.eventHubName(),
                rows,
                pending);
    }

    @Override
    public void close() {
        discardOpen();
        producer.close();
    }

    private void discardOpen() {
        lock.lock();
        try {
            finished = true;
            open.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return new CustomTaskMetric[] {
            new TaskMetric(EventsWritten.NAME, eventsWritten), new TaskMetric(BytesWritten.NAME, bytesWritten)
        };
    }

    private String at(long position) {
        return "eventhubs-native: row " + position + " of Spark partition " + sparkPartition + " (task " + taskId + ")";
    }

    private byte[] encode(ValueEncoder encoder, InternalRow row, long position) {
        try {
            return encoder.encode(row.getStruct(schema.body(), encoder.fieldCount()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(at(position) + ": " + e.getMessage(), e);
        }
    }

    private static String stringOrNull(InternalRow row, int column) {
        return column < 0 || row.isNullAt(column)
                ? null
                : row.getUTF8String(column).toString();
    }
}

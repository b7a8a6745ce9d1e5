package io.eventhubsnative.spark.read;

import java.io.IOException;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.streaming.PartitionOffset;
import org.apache.spark.sql.connector.read.streaming.SupportsRealTimeRead;
import org.apache.spark.util.TaskCompletionListener;

/**
 * A real-time task's reader: events of one partition as they arrive, each with its enqueued time as the arrival time
 * Spark measures latency from. Spark 4.1 asks with {@code nextWithTimeout(timeout)}, 4.2 with
 * {@code nextWithTimeout(start, timeout)}; both wait on the link's queue, never spinning, and return no record only
 * once the batch's time is up, which ends the task.
 */
final class RealTimePartitionReader implements SupportsRealTimeRead<InternalRow> {

    private final EventHubsPartitionReader reader;

    RealTimePartitionReader(EventHubsPartitionReader reader) {
        this.reader = reader;
        // Spark's wrapper of a real-time reader never closes it, and may end the task without asking this reader
        // again once the batch's time is up: the task's end puts the link back in the pool at the reported offset,
        // unless the task failed (then the link's position is unknown to the next one, and it is closed).
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> {
                if (context.isFailed() || context.isInterrupted()) {
                    reader.close();
                } else {
                    reader.endInTime();
                }
            });
        }
    }

    @Override
    public RecordStatus nextWithTimeout(Long timeoutMs) throws IOException {
        if (reader.nextWithin(timeoutMs)) {
            long enqueued = reader.currentEnqueuedMillis();
            return enqueued >= 0
                    ? RecordStatus.newStatusWithArrivalTimeMs(enqueued)
                    : RecordStatus.newStatusWithoutArrivalTime(true);
        }
        reader.endInTime();
        return RecordStatus.newStatusWithoutArrivalTime(false);
    }

    /** Spark 4.2's form: the timeout counts from {@code startTimeMs}, the time Spark computed it at. */
    public RecordStatus nextWithTimeout(Long startTimeMs, Long timeoutMs) throws IOException {
        long elapsed = Math.max(0, System.currentTimeMillis() - startTimeMs);
        return nextWithTimeout(Math.max(0, timeoutMs - elapsed));
    }

    @Override
    public PartitionOffset getOffset() {
        return new RealTimePartitionOffset(reader.partitionId(), reader.position());
    }

    @Override
    public boolean next() throws IOException {
        return reader.next();
    }

    @Override
    public InternalRow get() {
        return reader.get();
    }

    @Override
    public CustomTaskMetric[] currentMetricsValues() {
        return reader.currentMetricsValues();
    }

    @Override
    public void close() {
        reader.close();
    }
}

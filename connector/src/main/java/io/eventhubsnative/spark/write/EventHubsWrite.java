package io.eventhubsnative.spark.write;

import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.metrics.BytesWritten;
import io.eventhubsnative.spark.metrics.EventsWritten;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write to an event hub, batch ({@code df.write}) or streaming ({@code df.writeStream}). At-least-once: a task
 * commits only after Event Hubs acknowledged each of its events, and there is nothing to roll back, so the driver's
 * commit only logs, and an abort leaves the events already sent in the hub (a retried task or a re-run epoch sends
 * its rows again, which may duplicate them).
 */
final class EventHubsWrite implements Write, BatchWrite, StreamingWrite {

    private static final Logger LOG = LoggerFactory.getLogger(EventHubsWrite.class);

    private final EventHubsOptions options;
    private final WriteSchema schema;

    EventHubsWrite(EventHubsOptions options, WriteSchema schema) {
        this.options = options;
        this.schema = schema;
    }

    @Override
    public String description() {
        return "EventHubsWrite[namespace=" + options.fullyQualifiedNamespace() + ", eventHub=" + options.eventHubName()
                + "]";
    }

    @Override
    public BatchWrite toBatch() {
        return this;
    }

    @Override
    public StreamingWrite toStreaming() {
        return this;
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return new CustomMetric[] {new EventsWritten(), new BytesWritten()};
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        return new EventHubsWriterFactory(options, schema, info.numPartitions());
    }

    @Override
    public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
        return new EventHubsWriterFactory(options, schema, info.numPartitions());
    }

    /** Nothing to coordinate: every task's events are already stored when it commits. */
    @Override
    public boolean useCommitCoordinator() {
        return false;
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        LOG.info("Wrote {} events to event hub '{}'", events(messages), options.eventHubName());
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        LOG.warn(
                "A write to event hub '{}' failed: the {} events of the tasks that committed stay in the hub "
                        + "(at-least-once).",
                options.eventHubName(),
                events(messages));
    }

    @Override
    public void commit(long epochId, WriterCommitMessage[] messages) {
        LOG.debug("Epoch {}: wrote {} events to event hub '{}'", epochId, events(messages), options.eventHubName());
    }

    @Override
    public void abort(long epochId, WriterCommitMessage[] messages) {
        LOG.warn(
                "Epoch {} of a stream into event hub '{}' failed: the {} events of the tasks that committed stay in the "
                        + "hub, and the epoch's re-run sends them again (at-least-once).",
                epochId,
                options.eventHubName(),
                events(messages));
    }

    private static long events(WriterCommitMessage[] messages) {
        long events = 0;
        for (WriterCommitMessage message : messages) {
            if (message instanceof WriteCommit) {
                events += ((WriteCommit) message).events;
            }
        }
        return events;
    }
}

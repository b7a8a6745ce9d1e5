package io.eventhubsnative.spark.write;

import io.eventhubsnative.spark.config.EventHubsOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;

/** Serialized to the executors; makes one {@link EventHubsDataWriter} per task, batch or streaming. */
final class EventHubsWriterFactory implements DataWriterFactory, StreamingDataWriterFactory {

    private static final long serialVersionUID = 1L;

    private final EventHubsOptions options;
    private final WriteSchema schema;
    private final int tasks;

    EventHubsWriterFactory(EventHubsOptions options, WriteSchema schema, int tasks) {
        this.options = options;
        this.schema = schema;
        this.tasks = tasks;
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
        return new EventHubsDataWriter(options, schema, partitionId, taskId, tasks);
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId, long epochId) {
        return new EventHubsDataWriter(options, schema, partitionId, taskId, tasks);
    }
}

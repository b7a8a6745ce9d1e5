package io.eventhubsnative.spark.write;

import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** What one task sent. */
final class WriteCommit implements WriterCommitMessage {

    private static final long serialVersionUID = 1L;

    final int sparkPartition;
    final long events;
    final long bytes;

    WriteCommit(int sparkPartition, long events, long bytes) {
        this.sparkPartition = sparkPartition;
        this.events = events;
        this.bytes = bytes;
    }
}

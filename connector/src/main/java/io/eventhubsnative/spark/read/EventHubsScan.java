package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.metrics.EventsLost;
import io.eventhubsnative.spark.metrics.EventsRead;
import io.eventhubsnative.spark.metrics.LinksOpened;
import io.eventhubsnative.spark.metrics.ServiceWaitMs;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/**
 * The read of an event hub: a stream is created per query with its checkpoint location; a batch read once per scan
 * (with the batch defaults), so every plan of the scan reads the same ranges.
 */
final class EventHubsScan implements Scan {

    private final EventHubsOptions options;
    private EventHubsBatch batch;

    EventHubsScan(EventHubsOptions options) {
        this.options = options;
    }

    @Override
    public StructType readSchema() {
        return EventSchema.of(options);
    }

    @Override
    public synchronized Batch toBatch() {
        if (batch == null) {
            batch = new EventHubsBatch(options);
        }
        return batch;
    }

    @Override
    public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
        options.checkStreaming();
        Configuration hadoopConf = SparkSession.active().sessionState().newHadoopConf();
        MicroBatchStream realTime = RealTimeSupport.stream(options, checkpointLocation, hadoopConf);
        return realTime != null ? realTime : new EventHubsMicroBatchStream(options, checkpointLocation, hadoopConf);
    }

    @Override
    public CustomMetric[] supportedCustomMetrics() {
        return new CustomMetric[] {new EventsRead(), new EventsLost(), new ServiceWaitMs(), new LinksOpened()};
    }

    @Override
    public String description() {
        return "EventHubsScan[namespace=" + options.fullyQualifiedNamespace() + ", eventHub=" + options.eventHubName()
                + ", consumerGroup=" + options.consumerGroup() + "]";
    }
}

package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.read.metrics.EventsLost;
import io.eventhubsnative.spark.read.metrics.EventsRead;
import io.eventhubsnative.spark.read.metrics.LinksOpened;
import io.eventhubsnative.spark.read.metrics.ServiceWaitMs;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/** The read of an event hub; the stream is created per query with its checkpoint location. */
final class EventHubsScan implements Scan {

  private final EventHubsOptions options;

  EventHubsScan(EventHubsOptions options) {
    this.options = options;
  }

  @Override
  public StructType readSchema() {
    return EventSchema.SCHEMA;
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    options.checkStreaming();
    return new EventHubsMicroBatchStream(options, checkpointLocation,
        SparkSession.active().sessionState().newHadoopConf());
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

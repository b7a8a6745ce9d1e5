package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;

/** The read path's entry: a scan of the event hub that {@code options} name, as a batch or a stream. */
public final class EventHubsScanBuilder implements ScanBuilder {

    private final EventHubsOptions options;

    public EventHubsScanBuilder(EventHubsOptions options) {
        this.options = options;
    }

    @Override
    public Scan build() {
        return new EventHubsScan(options);
    }
}

package io.eventhubsnative.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Task metric: events the sink sent and Event Hubs acknowledged. */
public final class EventsWritten extends CustomSumMetric {

    public static final String NAME = "eventsWritten";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "events written to Event Hubs";
    }
}

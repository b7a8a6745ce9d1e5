package io.eventhubsnative.spark.metrics;

/** Task metric: events read from Event Hubs. */
public final class EventsRead extends NamedSumMetric {

    public static final String NAME = "eventsRead";

    public EventsRead() {
        super(NAME, "events read from Event Hubs");
    }
}

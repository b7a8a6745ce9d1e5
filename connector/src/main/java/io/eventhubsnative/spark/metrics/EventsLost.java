package io.eventhubsnative.spark.metrics;

/** Task metric: events lost to retention (skipped). */
public final class EventsLost extends NamedSumMetric {

    public static final String NAME = "eventsLost";

    public EventsLost() {
        super(NAME, "events lost to retention (skipped)");
    }
}

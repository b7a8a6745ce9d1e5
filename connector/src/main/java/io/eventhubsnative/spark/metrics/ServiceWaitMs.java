package io.eventhubsnative.spark.metrics;

/** Task metric: time waiting on Event Hubs (ms). */
public final class ServiceWaitMs extends NamedSumMetric {

    public static final String NAME = "serviceWaitMs";

    public ServiceWaitMs() {
        super(NAME, "time waiting on Event Hubs (ms)");
    }
}

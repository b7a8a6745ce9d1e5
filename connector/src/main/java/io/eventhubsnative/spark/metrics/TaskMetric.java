package io.eventhubsnative.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** A task's value of one of this package's metrics. */
public final class TaskMetric implements CustomTaskMetric {

    private final String name;
    private final long value;

    public TaskMetric(String name, long value) {
        this.name = name;
        this.value = value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long value() {
        return value;
    }
}

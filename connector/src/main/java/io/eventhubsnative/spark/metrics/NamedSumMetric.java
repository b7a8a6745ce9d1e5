package io.eventhubsnative.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** A task metric summed over a scan's tasks; Spark instantiates subclasses by reflection, so each has a 0-arg constructor. */
abstract class NamedSumMetric extends CustomSumMetric {

    private final String name;
    private final String description;

    NamedSumMetric(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }
}

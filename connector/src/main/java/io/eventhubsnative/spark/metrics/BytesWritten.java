package io.eventhubsnative.spark.metrics;

import org.apache.spark.sql.connector.metric.CustomSumMetric;

/** Task metric: body bytes of the events the sink sent and Event Hubs acknowledged. */
public final class BytesWritten extends CustomSumMetric {

    public static final String NAME = "bytesWritten";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "body bytes written to Event Hubs";
    }
}

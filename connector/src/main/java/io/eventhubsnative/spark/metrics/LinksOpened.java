package io.eventhubsnative.spark.metrics;

/** Task metric: receive links opened. */
public final class LinksOpened extends NamedSumMetric {

    public static final String NAME = "linksOpened";

    public LinksOpened() {
        super(NAME, "receive links opened");
    }
}

package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events that expired (retention) before the query read them: with {@code failOnDataLoss} (the default) an error that
 * names them and says how to go on, else a warning. Never silent.
 */
final class DataLoss {

    private static final Logger LOG = LoggerFactory.getLogger(DataLoss.class);

    private DataLoss() {}

    /**
     * Reports events {@code [from, until)} of a partition as lost. {@code remedy} completes "..., or set
     * failOnDataLoss=false": what the user does to read on from retained events.
     *
     * @throws IllegalStateException when {@code failOnDataLoss} is set
     */
    static void report(EventHubsOptions options, String partitionId, long from, long until, String remedy) {
        String message = "Events [" + from + ", " + until + ") of partition " + partitionId + " of event hub '"
                + options.eventHubName() + "' expired (retention) before they were read.";
        if (options.failOnDataLoss()) {
            throw new IllegalStateException(
                    message + " " + remedy + ", or set failOnDataLoss=false to skip lost events" + " with a warning.");
        }
        LOG.warn("{} Skipping them because failOnDataLoss=false.", message);
    }
}

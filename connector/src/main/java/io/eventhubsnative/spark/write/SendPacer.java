package io.eventhubsnative.spark.write;

import java.util.concurrent.TimeUnit;

/**
 * Holds a task to its share of {@code eventsPerSecond} ({@code eventhubs.maxEventsPerSecond}, the query's cap split
 * evenly across its tasks), batch by batch: a batch goes when the events before it have had their time, so a backfill
 * leaves the rest of the namespace's quota to other producers. Unused time is not saved up for a later burst. Not
 * thread-safe: its writer's lock guards it.
 */
final class SendPacer {

    private final double nanosPerEvent;
    private long nextFree = System.nanoTime();

    private SendPacer(double eventsPerSecond) {
        this.nanosPerEvent = TimeUnit.SECONDS.toNanos(1) / eventsPerSecond;
    }

    /** A task's pacer, or null when the query has no cap. */
    static SendPacer forTask(Long queryEventsPerSecond, int tasks) {
        if (queryEventsPerSecond == null) {
            return null;
        }
        return new SendPacer((double) queryEventsPerSecond / Math.max(1, tasks));
    }

    /** Waits until a batch of {@code events} may go, and counts them. */
    void pace(int events) throws InterruptedException {
        long wait = nanosUntilFree();
        charge(events);
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** How long until the next batch may go; 0 when it may go now. */
    long nanosUntilFree() {
        return Math.max(0, nextFree - System.nanoTime());
    }

    /**
     * Counts a batch of {@code events} sent without waiting (by the shared thread that sends idle batches, which must
     * never sleep): the batches after it wait for their time.
     */
    void charge(int events) {
        long now = System.nanoTime();
        if (nextFree < now) {
            nextFree = now;
        }
        nextFree += (long) (events * nanosPerEvent);
    }
}

package io.eventhubsnative.local.amqp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Faults applied to `$management` requests: a delay before each reply, and a number of requests to fail. */
public final class ManagementFaults {

    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile String failureDescription = "";

    public void delay(Duration delay) {
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }

    public void fail(int times, int statusCode, String description) {
        failureStatus = statusCode;
        failureDescription = description;
        failuresLeft.set(times);
    }

    /** Consumes one injected failure: the status to answer, or 0 when the request should succeed. */
    int takeFailure() {
        return failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failureStatus : 0;
    }

    String failureDescription() {
        return failureDescription;
    }

    public void reset() {
        delay = Duration.ZERO;
        failuresLeft.set(0);
    }
}

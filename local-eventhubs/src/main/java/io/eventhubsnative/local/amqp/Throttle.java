package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.Quota;
import java.util.HashMap;
import java.util.Map;

/**
 * Enforces a {@link Quota}, or nothing while there is none, with token buckets that hold one second of each rate. A
 * request is admitted while its buckets are not in debt and takes what it needs, going into debt if it must (a full
 * batch may exceed a second of a small quota): later requests wait until the debt is paid, so the admitted rate
 * averages the quota.
 */
public final class Throttle {

    /** The service's text for a throttled request (Standard tier), which clients show users. */
    static final String SERVER_BUSY = "The request was terminated because the entity is being throttled. Error code :"
            + " 50002. Sub error : 102. Please wait 4 seconds and try again.";

    private Limits limits;

    public Throttle(Quota quota) {
        quota(quota);
    }

    /** Enforces {@code quota} from now on, with full buckets; null lifts the quota. */
    public synchronized void quota(Quota quota) {
        this.limits = quota == null ? null : new Limits(quota);
    }

    /** Whether a send of {@code events} events in {@code bytes} bytes to {@code partition} may go in now. */
    synchronized boolean admitIngress(String partition, long bytes, int events) {
        if (limits == null) {
            return true;
        }
        long now = System.nanoTime();
        Bucket perPartition = limits.partitionIngress.computeIfAbsent(
                partition, p -> new Bucket(limits.quota.partitionIngressBytes()));
        if (!limits.ingressBytes.open(now) || !limits.ingressEvents.open(now) || !perPartition.open(now)) {
            return false;
        }
        limits.ingressBytes.take(bytes);
        limits.ingressEvents.take(events);
        perPartition.take(bytes);
        return true;
    }

    /**
     * How many of the next events (of {@code bytesEach} bytes on average) a receiver of {@code partition} may get now,
     * at most {@code wanted}; 0 while the quota is spent.
     */
    synchronized int admitEgress(String partition, int wanted, long bytesEach) {
        if (limits == null) {
            return wanted;
        }
        long now = System.nanoTime();
        Bucket perPartition =
                limits.partitionEgress.computeIfAbsent(partition, p -> new Bucket(limits.quota.partitionEgressBytes()));
        if (!limits.egressBytes.open(now) || !limits.egressEvents.open(now) || !perPartition.open(now)) {
            return 0;
        }
        long bytes = Math.max(1, bytesEach);
        double allowed = Math.min(
                limits.egressEvents.tokens, Math.min(limits.egressBytes.tokens / bytes, perPartition.tokens / bytes));
        return (int) Math.max(1, Math.min(wanted, (long) allowed));
    }

    /** Takes what {@link #admitEgress} allowed and was sent. */
    synchronized void tookEgress(String partition, long bytes, int events) {
        if (limits == null) {
            return;
        }
        limits.egressBytes.take(bytes);
        limits.egressEvents.take(events);
        Bucket perPartition = limits.partitionEgress.get(partition);
        if (perPartition != null) {
            perPartition.take(bytes);
        }
    }

    /** The buckets of one quota. */
    private static final class Limits {
        final Quota quota;
        final Bucket ingressBytes;
        final Bucket ingressEvents;
        final Bucket egressBytes;
        final Bucket egressEvents;
        final Map<String, Bucket> partitionIngress = new HashMap<>();
        final Map<String, Bucket> partitionEgress = new HashMap<>();

        Limits(Quota quota) {
            this.quota = quota;
            this.ingressBytes = new Bucket(quota.ingressBytes());
            this.ingressEvents = new Bucket(quota.ingressEvents());
            this.egressBytes = new Bucket(quota.egressBytes());
            this.egressEvents = new Bucket(quota.egressEvents());
        }
    }

    /** A rate's tokens, refilled continuously up to one second's worth. */
    private static final class Bucket {
        private final long rate;
        private double tokens;
        private long refilled = System.nanoTime();

        Bucket(long rate) {
            this.rate = rate;
            this.tokens = rate;
        }

        boolean open(long now) {
            tokens = Math.min(rate, tokens + (now - refilled) * rate / 1e9);
            refilled = now;
            return tokens > 0;
        }

        void take(long amount) {
            tokens -= amount;
        }
    }
}

package io.eventhubsnative.local;

/**
 * A namespace's throughput quota, as Event Hubs enforces it: per second, for the namespace and for each partition,
 * events and bytes sent in (ingress) and read out (egress). Beyond it a send is refused with
 * {@code com.microsoft:server-busy}, as the service does, and receivers get events no faster than it allows.
 *
 * @param ingressBytes namespace ingress, bytes per second
 * @param ingressEvents namespace ingress, events per second
 * @param egressBytes namespace egress, bytes per second
 * @param egressEvents namespace egress, events per second
 * @param partitionIngressBytes one partition's ingress, bytes per second
 * @param partitionEgressBytes one partition's egress, bytes per second
 */
public record Quota(
        long ingressBytes,
        long ingressEvents,
        long egressBytes,
        long egressEvents,
        long partitionIngressBytes,
        long partitionEgressBytes) {

    /** 1 MB, as the service counts a throughput unit's megabyte. */
    static final long MB = 1_000_000L;

    public Quota {
        for (long rate : new long[] {
            ingressBytes, ingressEvents, egressBytes, egressEvents, partitionIngressBytes, partitionEgressBytes
        }) {
            if (rate <= 0) {
                throw new IllegalArgumentException("Every rate of a quota must be positive, got " + rate);
            }
        }
    }

    /**
     * Standard tier throughput units: each gives 1 MB/s or 1,000 events/s in and 2 MB/s or 4,096 events/s out; a
     * partition takes at most 1 MB/s in and 2 MB/s out however many units there are.
     */
    public static Quota throughputUnits(int units) {
        if (units < 1 || units > 40) {
            throw new IllegalArgumentException("Standard namespaces have 1 to 40 throughput units, got " + units);
        }
        return new Quota(units * MB, units * 1_000L, units * 2 * MB, units * 4_096L, MB, 2 * MB);
    }
}

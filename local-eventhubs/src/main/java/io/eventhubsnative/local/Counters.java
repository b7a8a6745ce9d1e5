package io.eventhubsnative.local;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** What the endpoint has seen, for tests and benchmarks to assert on. Thread-safe. */
public final class Counters {

    private final Queue<Attach> attaches = new ConcurrentLinkedQueue<>();
    private final List<PutToken> putTokens = new CopyOnWriteArrayList<>();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder eventsReceived = new LongAdder();
    private final LongAdder managementRequests = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder webSocketConnections = new LongAdder();
    private final LongAdder registryRequests = new LongAdder();
    private final LongAdder sendsThrottled = new LongAdder();
    private final Window ingress = new Window();
    private final Window egress = new Window();

    /** Links attached since start, by address as the client gave it (e.g. {@code eh1/ConsumerGroups/$Default/Partitions/0}). */
    public Map<String, Long> linksAttached() {
        return attaches.stream().collect(Collectors.groupingBy(Attach::address, TreeMap::new, Collectors.counting()));
    }

    public long linksAttached(String address) {
        return attaches.stream().filter(a -> a.address().equals(address)).count();
    }

    /**
     * Links attached to addresses starting with {@code prefix} before {@code instant}: what a client opened up to a
     * point it chose (e.g. before it stopped a query, whose stop may race with work Spark launched anyway).
     */
    public long linksAttachedBefore(String prefix, Instant instant) {
        return attaches.stream()
                .filter(a -> a.address().startsWith(prefix) && a.at().isBefore(instant))
                .count();
    }

    /** Events delivered to consumers (transfers sent, redeliveries included). */
    public long deliveries() {
        return deliveries.sum();
    }

    /** Events accepted from producers. */
    public long eventsReceived() {
        return eventsReceived.sum();
    }

    public long managementRequests() {
        return managementRequests.sum();
    }

    public long connectionsAccepted() {
        return connections.sum();
    }

    public List<PutToken> putTokens() {
        return List.copyOf(putTokens);
    }

    public long putTokens(String type, String audience) {
        return putTokens.stream()
                .filter(t -> t.type().equals(type) && t.audience().equals(audience))
                .count();
    }

    /** Hooks for the endpoint's I/O thread. */
    public void linkAttached(String address) {
        attaches.add(new Attach(address, Instant.now()));
    }

    public void putToken(PutToken token) {
        putTokens.add(token);
    }

    public void delivered(int events) {
        deliveries.add(events);
    }

    public void received(int events) {
        eventsReceived.add(events);
    }

    public void managementRequest() {
        managementRequests.increment();
    }

    /** Connections that asked for AMQP over WebSockets. */
    public long webSocketConnections() {
        return webSocketConnections.sum();
    }

    public void webSocketConnection() {
        webSocketConnections.increment();
    }

    /** The bytes of the sends stored (their AMQP payloads, as the service counts ingress), and when they came. */
    public Window ingress() {
        return ingress;
    }

    /** The bytes delivered to receivers (encoded AMQP messages, as the service counts egress), and when they went. */
    public Window egress() {
        return egress;
    }

    /** Bytes moved since the last {@link #reset()}, and the time from the first to the last of them. */
    public static final class Window {
        private long bytes;
        private long firstNanos;
        private long lastNanos;

        public synchronized void add(long moved) {
            long now = System.nanoTime();
            if (bytes == 0) {
                firstNanos = now;
            }
            lastNanos = now;
            bytes += moved;
        }

        public synchronized void reset() {
            bytes = 0;
            firstNanos = 0;
            lastNanos = 0;
        }

        public synchronized long bytes() {
            return bytes;
        }

        /** Seconds from the first to the last bytes moved since the reset. */
        public synchronized double seconds() {
            return (lastNanos - firstNanos) / 1e9;
        }
    }

    /** Sends refused with {@code com.microsoft:server-busy} because the quota was spent. */
    public long sendsThrottled() {
        return sendsThrottled.sum();
    }

    public void sendThrottled() {
        sendsThrottled.increment();
    }

    /** Requests the Schema Registry answered, refused ones included. */
    public long registryRequests() {
        return registryRequests.sum();
    }

    public void registryRequest() {
        registryRequests.increment();
    }

    public void connectionAccepted() {
        connections.increment();
    }

    private record Attach(String address, Instant at) {}
}

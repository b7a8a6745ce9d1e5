package io.eventhubsnative.local;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** What the endpoint has seen, for tests and benchmarks to assert on. Thread-safe. */
public final class Counters {

    private final Map<String, LongAdder> linksAttached = new ConcurrentHashMap<>();
    private final List<PutToken> putTokens = new CopyOnWriteArrayList<>();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder eventsReceived = new LongAdder();
    private final LongAdder managementRequests = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder webSocketConnections = new LongAdder();
    private final LongAdder registryRequests = new LongAdder();
    private final LongAdder sendsThrottled = new LongAdder();

    /** Links attached since start, by address as the client gave it (e.g. {@code eh1/ConsumerGroups/$Default/Partitions/0}). */
    public Map<String, Long> linksAttached() {
        Map<String, Long> copy = new TreeMap<>();
        linksAttached.forEach((address, count) -> copy.put(address, count.sum()));
        return copy;
    }

    public long linksAttached(String address) {
        LongAdder count = linksAttached.get(address);
        return count == null ? 0 : count.sum();
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
        linksAttached.computeIfAbsent(address, a -> new LongAdder()).increment();
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
}

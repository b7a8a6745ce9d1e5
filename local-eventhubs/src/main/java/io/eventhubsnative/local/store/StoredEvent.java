package io.eventhubsnative.local.store;

import java.util.Map;

/**
 * One retained event as the endpoint hands it to a receive link. {@code sections} holds the event's own AMQP
 * sections (properties, application properties, body) exactly as the producer encoded them, so delivering an
 * event costs one annotations section plus a byte copy.
 */
public record StoredEvent(
        long sequenceNumber,
        long offset,
        long enqueuedTimeMillis,
        String partitionKey,
        Map<Object, Object> annotations,
        byte[] sections) {}

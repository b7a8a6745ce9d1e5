/**
 * The AMQP 1.0 side of the endpoint, as the official SDKs speak it to Event Hubs: one selector thread, connections
 * and links, CBS token authorization, the {@code $management} node, and the consumer registry with the service's
 * receiver limits.
 */
package io.eventhubsnative.local.amqp;

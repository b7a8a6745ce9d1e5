/**
 * local-eventhubs: an Event Hubs-compatible AMQP endpoint for tests, demos and development without Azure. Start with
 * {@link io.eventhubsnative.local.LocalEventHubs}; {@code amqp} speaks the protocol, {@code store} keeps the events.
 */
package io.eventhubsnative.local;

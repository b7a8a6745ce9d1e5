/**
 * The byte streams under the AMQP engine: the socket, TLS, and AMQP over WebSockets, stacked per connection as the
 * client's first bytes ask.
 */
package io.eventhubsnative.local.transport;

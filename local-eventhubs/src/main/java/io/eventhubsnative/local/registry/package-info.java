/**
 * The namespace's Schema Registry, as its REST API (2023-07-01) answers the official serializers: schema groups,
 * schemas registered by content, looked up by id or by content.
 */
package io.eventhubsnative.local.registry;

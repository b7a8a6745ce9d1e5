/**
 * {@code format("eventhubs-native")}: the provider and the table, the entry from Spark into the read path
 * ({@code read}) and the write path ({@code write}). Start here; ARCHITECTURE.md has the whole map.
 */
package io.eventhubsnative.spark;

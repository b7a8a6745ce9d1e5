/**
 * The Event Hubs Kafka endpoint: {@code format("eventhubs-kafka")} and options for Spark's kafka source and sink,
 * from the same settings {@code eventhubs-native} takes, Entra ID included.
 */
package io.eventhubsnative.spark.kafka;

/**
 * Azure Schema Registry: schemas fetched by id from the namespace's registry, once per executor JVM, for events that
 * the official serializers wrote ({@code avro/binary+<schema id>}).
 */
package io.eventhubsnative.spark.avro;

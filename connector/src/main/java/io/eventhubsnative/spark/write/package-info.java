/**
 * The write path: batch and streaming writes to an event hub, one writer per task that batches events by target and
 * commits once the service acknowledged all of them (at least once).
 */
package io.eventhubsnative.spark.write;

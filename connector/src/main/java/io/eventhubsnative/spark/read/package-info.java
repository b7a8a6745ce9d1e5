/**
 * The read path: batch scans and the micro-batch stream on the driver (offsets, admission control, data-loss
 * checks, planning), partition readers on the executors, and the pool of receive links they share between
 * micro-batches.
 */
package io.eventhubsnative.spark.read;

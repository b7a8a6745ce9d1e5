/** Custom metrics of the read and write paths, summed by Spark over tasks and shown in the UI and progress. */
package io.eventhubsnative.spark.metrics;

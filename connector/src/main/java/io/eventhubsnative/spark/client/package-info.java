/**
 * The Azure SDK side: SDK clients shared per JVM and closed when idle, partition metadata, positions in the SDK's
 * terms, and the translation of SDK errors into messages a notebook user understands.
 */
package io.eventhubsnative.spark.client;

/** Hubs, partitions and their retained events, kept encoded in memory; sequence numbers and offsets as on the service. */
package io.eventhubsnative.local.store;

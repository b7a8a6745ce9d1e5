/** An HTTP CONNECT proxy for tests: what corporate networks put between a cluster and Event Hubs on port 443. */
package io.eventhubsnative.local.proxy;

package io.eventhubsnative.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class with an endpoint of its own, started once for the class, and hubs that no other test uses. */
abstract class EndpointTest {

    static LocalEventHubs hubs;

    @BeforeAll
    static void startEndpoint() {
        hubs = LocalEventHubs.builder().hub("unused", 1).start();
    }

    @AfterAll
    static void stopEndpoint() {
        hubs.close();
    }

    /** Creates a hub named after {@code prefix} with a unique suffix. */
    static String newHub(String prefix, int partitions) {
        String name = Sdk.uniqueHub(prefix);
        hubs.createHub(name, partitions);
        return name;
    }
}

package io.eventhubsnative.local.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** All event hubs of the local namespace. Hub names are case-insensitive, as on the service. */
public final class EventStore {

    private final ConcurrentMap<String, Hub> hubs = new ConcurrentHashMap<>();
    private final List<Runnable> appendListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Registers a callback run after every append, from the appending thread. */
    public void onAppend(Runnable listener) {
        appendListeners.add(listener);
    }

    public Hub createHub(String name, int partitionCount, Collection<String> consumerGroups) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException(
                    "Event hub '" + name + "' needs at least 1 partition, got " + partitionCount + ".");
        }
        Hub hub = new Hub(name, partitionCount, consumerGroups, this::appended);
        Hub existing = hubs.putIfAbsent(Hub.key(name), hub);
        if (existing != null) {
            throw new IllegalArgumentException("Event hub '" + name + "' already exists.");
        }
        return hub;
    }

    /** The hub of this name, or null. */
    public Hub hub(String name) {
        return hubs.get(Hub.key(name));
    }

    public List<Hub> hubs() {
        return new ArrayList<>(hubs.values());
    }

    private void appended() {
        for (Runnable listener : appendListeners) {
            listener.run();
        }
    }
}

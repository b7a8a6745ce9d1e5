package io.eventhubsnative.spark.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients shared by key and counted: each user takes a {@link Lease} and closes it when done; a client nobody has
 * held for the idle time is closed, with its AMQP connection. A client found broken is retired: later leases get a
 * new one, and the old one closes when its last user lets go.
 */
final class SharedClients<C extends Closeable> {

    private static final Logger LOG = LoggerFactory.getLogger(SharedClients.class);

    private final String kind;
    private final LongSupplier ticker;
    private final Map<String, Entry> entries = new HashMap<>();

    SharedClients(String kind, LongSupplier ticker) {
        this.kind = kind;
        this.ticker = ticker;
    }

    /** A client for {@code key}, built by {@code builder} if there is none. */
    EventHubsClients.Lease<C> lease(String key, Supplier<C> builder) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry(key, builder.get());
                entries.put(key, entry);
            }
            entry.users++;
        }
        return new EventHubsClients.Lease<>(entry.client, new Handle(entry));
    }

    /** Closes the clients nobody has held for at least {@code idleNanos}; returns how many. */
    int closeIdle(long idleNanos) {
        List<Entry> idle = new ArrayList<>();
        long now = ticker.getAsLong();
        synchronized (this) {
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
                Entry entry = it.next();
                if (entry.users == 0 && now - entry.releasedNanos >= idleNanos) {
                    idle.add(entry);
                    it.remove();
                }
            }
        }
        if (!idle.isEmpty()) {
            LOG.info(
                    "Closing {} Event Hubs {} client(s) unused for {} s",
                    idle.size(),
                    kind,
                    idleNanos / 1_000_000_000L);
        }
        idle.forEach(Entry::close);
        return idle.size();
    }

    /** Closes every client, used or not (the JVM is exiting). */
    void closeAll() {
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            entries.clear();
        }
        all.forEach(Entry::close);
    }

    private void release(Entry entry) {
        boolean close;
        synchronized (this) {
            entry.users--;
            entry.releasedNanos = ticker.getAsLong();
            close = entry.retired && entry.users == 0;
        }
        if (close) {
            entry.close();
        }
    }

    private void retire(Entry entry) {
        boolean close;
        synchronized (this) {
            entries.remove(entry.key, entry);
            entry.retired = true;
            close = entry.users == 0;
        }
        if (close) {
            entry.close();
        }
    }

    /** One user's hold on an entry, released once. */
    final class Handle {
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        private Handle(Entry entry) {
            this.entry = entry;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                SharedClients.this.release(entry);
            }
        }

        void retire() {
            SharedClients.this.retire(entry);
        }
    }

    private final class Entry {
        final String key;
        final C client;
        int users;
        long releasedNanos;
        boolean retired;
        private final AtomicBoolean closed = new AtomicBoolean();

        Entry(String key, C client) {
            this.key = key;
            this.client = client;
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Closing an Event Hubs {} client failed; it is dropped anyway", kind, e);
            }
        }
    }
}

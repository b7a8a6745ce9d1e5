package io.eventhubsnative.spark.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive links of this JVM, kept between micro-batches: a task takes the link that stopped exactly where its
 * range starts, so a steady stream opens each partition's link once. Links belong to one reader (a query run or a
 * batch scan), idle links are closed after {@link #IDLE_TIMEOUT_NANOS}, and the links of one partition and consumer
 * group stay below the service's limit of 5 receivers: before a new one opens, the least recently used idle links
 * of the partition are closed. Links open outside the pool's lock, so no task waits on another's round trip.
 */
final class ReceiverPool<R extends ReceiverPool.Pooled> {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverPool.class);
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);
    /** The service allows 5 receivers without an epoch per partition and consumer group; one stays free for others. */
    static final int MAX_LINKS_PER_PARTITION = 4;

    static final ReceiverPool<PartitionReceiver> INSTANCE =
            withEvictor(new ReceiverPool<>(System::nanoTime, IDLE_TIMEOUT_NANOS, MAX_LINKS_PER_PARTITION));

    /** What the pool needs of a receive link. */
    interface Pooled {
        boolean isHealthy();

        long nextSequenceNumber();

        /** {@link System#nanoTime()} (the pool's ticker) when the link was last read from. */
        long lastUsedNanos();

        void close();
    }

    /**
     * Where a link belongs: its reader and partition, and the service's slot it takes (namespace, event hub,
     * consumer group and partition), which links of other readers share.
     */
    static final class Key {
        final String reader;
        final String slot;

        Key(String reader, String slot) {
            this.reader = reader;
            this.slot = slot;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).reader.equals(reader) && ((Key) o).slot.equals(slot);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reader, slot);
        }

        @Override
        public String toString() {
            return slot + " (reader " + reader + ")";
        }
    }

    /** A pooled receiver. {@code opened} tells whether acquiring it attached a new link. */
    static final class Lease<R> {
        final R receiver;
        final boolean opened;

        Lease(R receiver, boolean opened) {
            this.receiver = receiver;
            this.opened = opened;
        }
    }

    private final LongSupplier ticker;
    private final long idleTimeoutNanos;
    private final int maxLinksPerSlot;
    private final Map<Key, List<R>> idle = new HashMap<>();
    private final Map<Key, Integer> leased = new HashMap<>();
    private final Map<Key, CompletableFuture<R>> warming = new HashMap<>();

    ReceiverPool(LongSupplier ticker, long idleTimeoutNanos, int maxLinksPerSlot) {
        this.ticker = ticker;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.maxLinksPerSlot = maxLinksPerSlot;
    }

    private static <R extends Pooled> ReceiverPool<R> withEvictor(ReceiverPool<R> pool) {
        ScheduledExecutorService evictor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "eventhubs-native-receiver-evictor");
            thread.setDaemon(true);
            return thread;
        });
        evictor.scheduleWithFixedDelay(pool::evictIdle, 30, 30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(pool::closeAll, "eventhubs-native-receiver-close"));
        return pool;
    }

    /**
     * Takes the idle receiver of {@code key} that continues at {@code from} (waiting for one being warmed), or opens
     * one. {@code fresh} (a retried task attempt) closes what is there and always opens a new link.
     */
    Lease<R> acquire(Key key, long from, boolean fresh, Supplier<R> opener) {
        R reusable = null;
        CompletableFuture<R> warmed;
        List<R> toClose = new ArrayList<>();
        synchronized (this) {
            List<R> receivers = idle.getOrDefault(key, new ArrayList<>());
            for (Iterator<R> it = receivers.iterator(); it.hasNext(); ) {
                R receiver = it.next();
                if (!fresh && reusable == null && receiver.isHealthy() && receiver.nextSequenceNumber() == from) {
                    reusable = receiver;
                } else {
                    // This reader reads a partition from one position at a time: a link positioned elsewhere would only
                    // hold prefetched events and a receiver slot.
                    toClose.add(receiver);
                }
                it.remove();
            }
            warmed = warming.remove(key);
            if (reusable == null && warmed == null) {
                toClose.addAll(makeRoom(key.slot));
            }
            // In the same step as taking it from the idle ones: in between, another task's warm() would see the key
            // neither idle nor leased and open a second link for it.
            leased.merge(key, 1, Integer::sum);
        }
        toClose.forEach(ReceiverPool::closeQuietly);
        if (reusable == null && warmed != null) {
            R receiver = join(warmed);
            if (receiver != null && !fresh && receiver.isHealthy() && receiver.nextSequenceNumber() == from) {
                return new Lease<>(receiver, false);
            }
            closeQuietly(receiver);
        }
        if (reusable != null) {
            return new Lease<>(reusable, false);
        }
        try {
            return new Lease<>(opener.get(), true);
        } catch (RuntimeException | Error e) {
            unlease(key);
            throw e;
        }
    }

    /**
     * Opens a receiver positioned at {@code from} ahead of the task that will read there, unless one of the key is in
     * use, waiting or being opened already, or the partition has no free slot. Returns whether a link was opened.
     */
    boolean warm(Key key, long from, Supplier<R> opener) {
        CompletableFuture<R> pending = new CompletableFuture<>();
        synchronized (this) {
            List<R> receivers = idle.get(key);
            if (leased.containsKey(key)
                    || warming.containsKey(key)
                    || (receivers != null && !receivers.isEmpty())
                    || linksIn(key.slot) >= maxLinksPerSlot) {
                return false;
            }
            warming.put(key, pending);
        }
        R receiver;
        try {
            receiver = opener.get();
        } catch (RuntimeException e) {
            // Only a head start: the task that reads there opens its own link and reports the error.
            LOG.debug("Could not open a receive link ahead of its task for {}", key, e);
            synchronized (this) {
                warming.remove(key, pending);
            }
            pending.complete(null);
            return false;
        }
        synchronized (this) {
            if (warming.remove(key, pending)) {
                idle.computeIfAbsent(key, k -> new ArrayList<>()).add(receiver);
            }
        }
        pending.complete(receiver); // an acquire that took it over waits for this
        return true;
    }

    /** Gives back a leased receiver: kept for the next range if it is healthy, closed otherwise. */
    void release(Key key, R receiver) {
        boolean keep = receiver.isHealthy();
        synchronized (this) {
            decrementLeased(key);
            if (keep) {
                idle.computeIfAbsent(key, k -> new ArrayList<>()).add(receiver);
            }
        }
        if (!keep) {
            closeQuietly(receiver);
        }
    }

    /** Closes a leased receiver whose position is unknown (its reader stopped early) or not needed again. */
    void discard(Key key, R receiver) {
        unlease(key);
        closeQuietly(receiver);
    }

    /** Closes the idle links of a reader that will not read again (a stopped query). */
    void closeReader(String reader) {
        List<R> toClose = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<Key, List<R>>> it = idle.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Key, List<R>> entry = it.next();
                if (entry.getKey().reader.equals(reader)) {
                    toClose.addAll(entry.getValue());
                    it.remove();
                }
            }
        }
        toClose.forEach(ReceiverPool::closeQuietly);
    }

    /** Closes the links idle for longer than the idle timeout. Never throws: it runs on a schedule for the JVM's life. */
    void evictIdle() {
        List<R> expired = new ArrayList<>();
        try {
            long now = ticker.getAsLong();
            synchronized (this) {
                for (List<R> receivers : idle.values()) {
                    for (Iterator<R> it = receivers.iterator(); it.hasNext(); ) {
                        R receiver = it.next();
                        if (now - receiver.lastUsedNanos() > idleTimeoutNanos) {
                            expired.add(receiver);
                            it.remove();
                        }
                    }
                }
                idle.values().removeIf(List::isEmpty);
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for idle receive links failed; trying again at the next round", e);
        }
        if (!expired.isEmpty()) {
            LOG.info(
                    "Closing {} receive link(s) idle for more than {} s",
                    expired.size(),
                    TimeUnit.NANOSECONDS.toSeconds(idleTimeoutNanos));
            expired.forEach(ReceiverPool::closeQuietly);
        }
    }

    /** Idle, leased and warming links of a slot, for tests and for the limit. */
    synchronized int linksIn(String slot) {
        int count = 0;
        for (Map.Entry<Key, List<R>> entry : idle.entrySet()) {
            count += entry.getKey().slot.equals(slot) ? entry.getValue().size() : 0;
        }
        for (Map.Entry<Key, Integer> entry : leased.entrySet()) {
            count += entry.getKey().slot.equals(slot) ? entry.getValue() : 0;
        }
        for (Key key : warming.keySet()) {
            count += key.slot.equals(slot) ? 1 : 0;
        }
        return count;
    }

    /** Takes the least recently used idle links of {@code slot} out of the pool until one more link fits. */
    private List<R> makeRoom(String slot) {
        List<R> evicted = new ArrayList<>();
        while (linksIn(slot) >= maxLinksPerSlot) {
            Key oldestKey = null;
            R oldest = null;
            for (Map.Entry<Key, List<R>> entry : idle.entrySet()) {
                if (!entry.getKey().slot.equals(slot)) {
                    continue;
                }
                for (R receiver : entry.getValue()) {
                    if (oldest == null || receiver.lastUsedNanos() - oldest.lastUsedNanos() < 0) {
                        oldest = receiver;
                        oldestKey = entry.getKey();
                    }
                }
            }
            if (oldest == null) {
                break; // all in use: the service decides
            }
            idle.get(oldestKey).remove(oldest);
            evicted.add(oldest);
        }
        return evicted;
    }

    private synchronized void unlease(Key key) {
        decrementLeased(key);
    }

    private void decrementLeased(Key key) {
        leased.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }

    private static <R> R join(CompletableFuture<R> warmed) {
        try {
            return warmed.join();
        } catch (CompletionException e) {
            return null;
        }
    }

    private static void closeQuietly(Pooled receiver) {
        if (receiver == null) {
            return;
        }
        try {
            receiver.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing a receive link failed; it is dropped from the pool anyway", e);
        }
    }

    private void closeAll() {
        List<R> all = new ArrayList<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(ReceiverPool::closeQuietly);
    }
}

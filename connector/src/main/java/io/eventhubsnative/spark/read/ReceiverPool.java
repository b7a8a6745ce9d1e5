package io.eventhubsnative.spark.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive links of this JVM, kept between micro-batches: a task takes the link that stopped exactly where its
 * range starts, so a steady stream opens each partition's link once. Links idle for longer than
 * {@link #IDLE_TIMEOUT_MS} are closed, and all are closed when the JVM exits.
 */
final class ReceiverPool {

  private static final Logger LOG = LoggerFactory.getLogger(ReceiverPool.class);
  static final long IDLE_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);
  static final ReceiverPool INSTANCE = new ReceiverPool();

  private final Map<String, List<PartitionReceiver>> idle = new HashMap<>();
  private final Map<String, Integer> leased = new HashMap<>();
  private final ScheduledExecutorService evictor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "eventhubs-native-receiver-evictor");
    thread.setDaemon(true);
    return thread;
  });

  private ReceiverPool() {
    evictor.scheduleWithFixedDelay(this::evictIdle, 30, 30, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "eventhubs-native-receiver-close"));
  }

  /** A pooled receiver. {@code opened} tells whether acquiring it attached a new link. */
  static final class Lease {
    final PartitionReceiver receiver;
    final boolean opened;

    Lease(PartitionReceiver receiver, boolean opened) {
      this.receiver = receiver;
      this.opened = opened;
    }
  }

  /**
   * Takes the idle receiver of {@code key} that continues at {@code from}, or opens one. {@code fresh} (a retried
   * task attempt) closes what is there and always opens a new link.
   */
  Lease acquire(String key, long from, boolean fresh, Supplier<PartitionReceiver> opener) {
    PartitionReceiver reusable = null;
    List<PartitionReceiver> stale = new ArrayList<>();
    synchronized (this) {
      List<PartitionReceiver> receivers = idle.get(key);
      if (receivers != null) {
        for (Iterator<PartitionReceiver> it = receivers.iterator(); it.hasNext(); ) {
          PartitionReceiver receiver = it.next();
          if (!fresh && reusable == null && receiver.isHealthy() && receiver.nextSequenceNumber() == from) {
            reusable = receiver;
            it.remove();
          } else if (fresh || !receiver.isHealthy() || receiver.nextSequenceNumber() != from) {
            // A link positioned elsewhere would only hold prefetched events and a receiver slot.
            stale.add(receiver);
            it.remove();
          }
        }
      }
      // In the same step as taking it from the idle ones: in between, another task's warm() would see the key
      // neither idle nor leased and open a second link for it.
      leased.merge(key, 1, Integer::sum);
    }
    stale.forEach(PartitionReceiver::close);
    return reusable != null ? new Lease(reusable, false) : new Lease(opener.get(), true);
  }

  /**
   * Opens a receiver positioned at {@code from} ahead of the task that will read there, unless one of the key is
   * in use or waiting already. Returns whether a link was opened.
   */
  synchronized boolean warm(String key, long from, Supplier<PartitionReceiver> opener) {
    List<PartitionReceiver> receivers = idle.get(key);
    if (leased.containsKey(key) || (receivers != null && !receivers.isEmpty())) {
      return false;
    }
    idle.computeIfAbsent(key, k -> new ArrayList<>()).add(opener.get());
    return true;
  }

  /** Gives back a leased receiver: kept for the next range if it is healthy, closed otherwise. */
  void release(String key, PartitionReceiver receiver) {
    boolean keep = receiver.isHealthy();
    synchronized (this) {
      leased.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
      if (keep) {
        idle.computeIfAbsent(key, k -> new ArrayList<>()).add(receiver);
      }
    }
    if (!keep) {
      receiver.close();
    }
  }

  /** Closes a leased receiver whose position is unknown (its reader stopped early). */
  void discard(String key, PartitionReceiver receiver) {
    synchronized (this) {
      leased.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }
    receiver.close();
  }

  private void evictIdle() {
    List<PartitionReceiver> expired = new ArrayList<>();
    synchronized (this) {
      for (List<PartitionReceiver> receivers : idle.values()) {
        for (Iterator<PartitionReceiver> it = receivers.iterator(); it.hasNext(); ) {
          PartitionReceiver receiver = it.next();
          if (TimeUnit.NANOSECONDS.toMillis(receiver.idleNanos()) > IDLE_TIMEOUT_MS) {
            expired.add(receiver);
            it.remove();
          }
        }
      }
    }
    if (!expired.isEmpty()) {
      LOG.info("Closing {} receive link(s) idle for more than {} ms", expired.size(), IDLE_TIMEOUT_MS);
      expired.forEach(PartitionReceiver::close);
    }
  }

  private void closeAll() {
    List<PartitionReceiver> all = new ArrayList<>();
    synchronized (this) {
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(PartitionReceiver::close);
  }
}

package io.eventhubsnative.spark.read;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockManagerId;
import scala.collection.JavaConverters;

/**
 * Pins each partition to one executor (a stable hash over the sorted executor list, as Spark's Kafka source does),
 * so consecutive micro-batches of a partition run where its receive link is already open.
 */
final class ExecutorLocations {

  private final List<String> executors;

  private ExecutorLocations(List<String> executors) {
    this.executors = executors;
  }

  /** Fixed executors (ids as {@code executor_<host>_<id>}), sorted as {@link #current()} sorts them. */
  static ExecutorLocations of(String... executors) {
    List<String> sorted = new ArrayList<>(java.util.Arrays.asList(executors));
    sorted.sort(null);
    return new ExecutorLocations(sorted);
  }

  /** The executors known now; none in local mode or when the block manager is not up. */
  static ExecutorLocations current() {
    SparkEnv env = SparkEnv.get();
    if (env == null || env.blockManager() == null) {
      return new ExecutorLocations(new ArrayList<>());
    }
    BlockManager blockManager = env.blockManager();
    List<String> executors = new ArrayList<>();
    for (BlockManagerId id : JavaConverters.seqAsJavaList(blockManager.master().getPeers(blockManager.blockManagerId()))) {
      // The form of ExecutorCacheTaskLocation: the scheduler then places the task on that very executor.
      executors.add("executor_" + id.host() + "_" + id.executorId());
    }
    executors.sort(null);
    return new ExecutorLocations(executors);
  }

  /** The executor for a partition, or null to let Spark choose. */
  String forPartition(String partitionId) {
    if (executors.isEmpty()) {
      return null;
    }
    return executors.get(Math.floorMod(partitionId.hashCode(), executors.size()));
  }
}

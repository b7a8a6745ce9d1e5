package io.eventhubsnative.spark.read;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkEnv;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockManagerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

/**
 * Pins each partition to one executor (a stable hash over the sorted executor list, as Spark's Kafka source does),
 * so consecutive micro-batches of a partition run where its receive link is already open.
 *
 * <p>The executor list comes from the block manager, the connector's one call into Spark internals: no public API
 * names executors by id, and a task location must. Its signature carries a Scala collection, which is why each
 * Scala line has its own jar. Locality only saves link openings, so a Spark whose internals differ gets a warning
 * and lets Spark place the tasks; it never fails a read.
 */
final class ExecutorLocations {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorLocations.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

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

    /** The executors known now; none in local mode, when the block manager is not up or cannot be asked. */
    static ExecutorLocations current() {
        try {
            return new ExecutorLocations(peers());
        } catch (LinkageError | RuntimeException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn(
                        "Executor affinity is off: this Spark's block manager could not list the executors ({}). Tasks are"
                                + " placed by Spark, so a partition's receive link may be opened again on another executor.",
                        e.toString());
            }
            return new ExecutorLocations(new ArrayList<>());
        }
    }

    private static List<String> peers() {
        SparkEnv env = SparkEnv.get();
        if (env == null || env.blockManager() == null) {
            return new ArrayList<>();
        }
        BlockManager blockManager = env.blockManager();
        List<String> executors = new ArrayList<>();
        for (BlockManagerId id :
                JavaConverters.seqAsJavaList(blockManager.master().getPeers(blockManager.blockManagerId()))) {
            // The form of ExecutorCacheTaskLocation: the scheduler then places the task on that very executor.
            executors.add("executor_" + id.host() + "_" + id.executorId());
        }
        executors.sort(null);
        return executors;
    }

    /** The executor for a partition, or null to let Spark choose. */
    String forPartition(String partitionId) {
        if (executors.isEmpty()) {
            return null;
        }
        return executors.get(Math.floorMod(partitionId.hashCode(), executors.size()));
    }
}

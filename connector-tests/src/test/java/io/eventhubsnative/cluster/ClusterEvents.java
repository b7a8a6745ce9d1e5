package io.eventhubsnative.cluster;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.CreateBatchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The events of a cluster test: bodies {@code "p<partition>-<i>"}, and the table rows they must become. */
public final class ClusterEvents {

    private ClusterEvents() {}

    /** Events {@code from..from+count-1} to each of {@code partitions} partitions, one batch per partition. */
    public static void send(EventHubProducerClient producer, int partitions, int from, int count) {
        for (int p = 0; p < partitions; p++) {
            EventDataBatch batch = producer.createBatch(new CreateBatchOptions().setPartitionId(Integer.toString(p)));
            for (int i = from; i < from + count; i++) {
                if (!batch.tryAdd(new EventData("p" + p + "-" + i))) {
                    throw new AssertionError("batch full");
                }
            }
            producer.send(batch);
        }
    }

    /** Partition -> "seq:body" for sequence numbers 0..count-1, as {@link DriverResult#rows} must hold them. */
    public static Map<String, List<String>> expected(int partitions, int count) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(i + ":p" + p + "-" + i);
            }
            rows.put(Integer.toString(p), list);
        }
        return rows;
    }
}

package io.eventhubsnative.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cluster test's driver program reported, in tab-separated lines: {@code driver <pid>},
 * {@code executor <fields...>} (one line per executor JVM that ran tasks), {@code batch <id> <rows>} and
 * {@code row <partition> <sequenceNumber> <body>} (the table's rows after the run).
 */
public final class DriverResult {

    /** The fields after {@code executor} of each executor line. */
    public final List<List<String>> executors = new ArrayList<>();
    /** Rows per micro-batch that read any. */
    public final List<Long> batches = new ArrayList<>();
    /** Partition -> "seq:body", sorted by sequence number; duplicates kept so they show. */
    public final Map<String, List<String>> rows = new TreeMap<>();

    public long driverPid;

    private DriverResult() {}

    public static DriverResult parse(List<String> lines) {
        DriverResult result = new DriverResult();
        Map<String, Map<Long, List<String>>> bodies = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "driver" -> result.driverPid = Long.parseLong(f[1]);
                case "executor" -> result.executors.add(Arrays.asList(f).subList(1, f.length));
                case "batch" -> result.batches.add(Long.parseLong(f[2]));
                case "row" ->
                    bodies.computeIfAbsent(f[1], p -> new TreeMap<>())
                            .computeIfAbsent(Long.parseLong(f[2]), s -> new ArrayList<>())
                            .add(f[3]);
                default -> throw new IllegalArgumentException("Unexpected result line: " + line);
            }
        }
        bodies.forEach((partition, bySeq) -> {
            List<String> list = new ArrayList<>();
            bySeq.forEach((seq, texts) -> texts.forEach(text -> list.add(seq + ":" + text)));
            result.rows.put(partition, list);
        });
        return result;
    }
}

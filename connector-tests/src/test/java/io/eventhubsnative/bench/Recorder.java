package io.eventhubsnative.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.ForeachWriter;
import org.apache.spark.sql.Row;

/**
 * The sink of {@link RealTimeBenchmark}'s queries: while recording, when each row arrived and the stamp its producer
 * gave it. Kept in static arrays of this JVM, where the tasks run, so that recording a row adds little to what is
 * measured.
 */
final class Recorder extends ForeachWriter<Row> {
    private static final long serialVersionUID = 1L;
    private static final int CAPACITY = 8_000_000;
    private static final long[] ARRIVALS = new long[CAPACITY];
    private static final long[] CREATED = new long[CAPACITY];
    private static final long[] TICKS = new long[CAPACITY];
    private static final AtomicInteger COUNT = new AtomicInteger();

    private static volatile boolean recording;
    private static volatile long startedMicros;
    private static volatile long stoppedMicros;
    private static volatile int recorded;

    static void start() {
        COUNT.set(0);
        startedMicros = RealTimeBenchmark.nowMicros();
        recording = true;
    }

    static void stop() {
        recording = false;
        stoppedMicros = RealTimeBenchmark.nowMicros();
        recorded = Math.min(COUNT.get(), CAPACITY);
    }

    /** The rows of the last recording, given when the producer handed each tick off for sending. */
    static Recording recorded(long[] handedOffMicros) {
        return new Recording(
                startedMicros,
                stoppedMicros,
                Arrays.copyOf(ARRIVALS, recorded),
                Arrays.copyOf(CREATED, recorded),
                Arrays.copyOf(TICKS, recorded),
                handedOffMicros);
    }

    @Override
    public boolean open(long partitionId, long epochId) {
        return true;
    }

    @Override
    public void process(Row row) {
        long now = RealTimeBenchmark.nowMicros();
        if (recording) {
            int index = COUNT.getAndIncrement();
            if (index < CAPACITY) {
                ByteBuffer payload = ByteBuffer.wrap((byte[]) row.get(0));
                ARRIVALS[index] = now;
                CREATED[index] = payload.getLong();
                TICKS[index] = payload.getLong();
            }
        }
    }

    @Override
    public void close(Throwable errorOrNull) {}
}

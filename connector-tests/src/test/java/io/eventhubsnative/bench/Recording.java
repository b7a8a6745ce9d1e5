package io.eventhubsnative.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** What the sink saw in one {@link RealTimeBenchmark} window: each row's arrival and latencies, in microseconds. */
final class Recording {
    final long fromMicros;
    final long untilMicros;
    final long[] arrivals;
    final long[] ticks;
    /** From the hand-off for sending of the tick that held the event (its creation, if that came later). */
    final long[] latencies;
    /** From the event's creation. */
    final long[] sinceCreation;

    Recording(
            long fromMicros, long untilMicros, long[] arrivals, long[] created, long[] ticks, long[] handedOffMicros) {
        this.fromMicros = fromMicros;
        this.untilMicros = untilMicros;
        this.arrivals = arrivals;
        this.ticks = ticks;
        this.latencies = new long[arrivals.length];
        this.sinceCreation = new long[arrivals.length];
        for (int i = 0; i < arrivals.length; i++) {
            int tick = (int) ticks[i];
            long sent = tick < handedOffMicros.length ? Math.max(created[i], handedOffMicros[tick]) : created[i];
            latencies[i] = arrivals[i] - sent;
            sinceCreation[i] = arrivals[i] - created[i];
        }
    }

    /**
     * What makes the tail, tick by tick: each 10 ms tick sends its events at once, so a tick's first event shows how
     * long the way through took and its last how long the events after it waited behind it. Then how many ticks the
     * events above {@code p99} came from: a few whole ticks held up together means pauses somewhere on the way, not
     * a cost per event.
     */
    String byTick(long p99) {
        Map<Long, long[]> byTick = new HashMap<>(); // first, last, events above the p99
        for (int i = 0; i < latencies.length; i++) {
            long[] tick = byTick.computeIfAbsent(ticks[i], key -> new long[] {Long.MAX_VALUE, 0, 0});
            tick[0] = Math.min(tick[0], latencies[i]);
            tick[1] = Math.max(tick[1], latencies[i]);
            tick[2] += latencies[i] > p99 ? 1 : 0;
        }
        long[] first =
                byTick.values().stream().mapToLong(tick -> tick[0]).sorted().toArray();
        long[] last =
                byTick.values().stream().mapToLong(tick -> tick[1]).sorted().toArray();
        long inTail = byTick.values().stream().filter(tick -> tick[2] > 0).count();
        return String.format(
                Locale.ROOT,
                "%,d ticks; first event of a tick p50 %s, p99 %s; last event p50 %s, p99 %s; the events above the p99"
                        + " came in %,d ticks",
                first.length,
                RealTimeBenchmark.millis(percentile(first, 0.5)),
                RealTimeBenchmark.millis(percentile(first, 0.99)),
                RealTimeBenchmark.millis(percentile(last, 0.5)),
                RealTimeBenchmark.millis(percentile(last, 0.99)),
                inTail);
    }

    /** {@code fraction} of {@code sorted}, which is not empty. */
    static long percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * fraction))];
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}

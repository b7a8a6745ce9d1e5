package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReceiverPoolTest {

    private static final long IDLE = TimeUnit.MINUTES.toNanos(10);
    private static final String SLOT = "ns/hub/$default#0";

    private final AtomicLong now = new AtomicLong(1_000);
    private final ReceiverPool<FakeLink> pool = new ReceiverPool<>(now::get, IDLE, 4);
    private final List<FakeLink> opened = new ArrayList<>();

    /** A link that records how it was used; its close may fail, as a link on a dead connection can. */
    private final class FakeLink implements ReceiverPool.Pooled {
        long next;
        long lastUsed = now.get();
        boolean healthy = true;
        boolean closed;
        boolean failOnClose;

        FakeLink(long from) {
            this.next = from;
        }

        @Override
        public boolean isHealthy() {
            return healthy;
        }

        @Override
        public long nextSequenceNumber() {
            return next;
        }

        @Override
        public long lastUsedNanos() {
            return lastUsed;
        }

        @Override
        public void close() {
            closed = true;
            if (failOnClose) {
                throw new IllegalStateException("connection already closed");
            }
        }
    }

    private Supplier<FakeLink> opener(long from) {
        return () -> {
            FakeLink link = new FakeLink(from);
            synchronized (opened) {
                opened.add(link);
            }
            return link;
        };
    }

    private static ReceiverPool.Key key(String reader) {
        return new ReceiverPool.Key(reader, SLOT);
    }

    /** One micro-batch of {@code reader}: takes the link at {@code from}, reads to {@code until}, gives it back. */
    private ReceiverPool.Lease<FakeLink> readRange(String reader, long from, long until) {
        ReceiverPool.Lease<FakeLink> lease = pool.acquire(key(reader), from, false, opener(from));
        lease.receiver.next = until;
        lease.receiver.lastUsed = now.get();
        pool.release(key(reader), lease.receiver);
        return lease;
    }

    @Test
    void aSteadyStreamReusesItsLink() {
        assertThat(readRange("q", 0, 10).opened).isTrue();
        assertThat(readRange("q", 10, 20).opened).isFalse();
        assertThat(readRange("q", 20, 25).opened).isFalse();
        assertThat(opened).hasSize(1);
    }

    @Test
    void aLinkAtAnotherPositionOrARetriedTaskGetsANewLink() {
        FakeLink first = readRange("q", 0, 10).receiver;
        // Replayed batch from 5: the link at 10 is of no use to this reader.
        assertThat(readRange("q", 5, 10).opened).isTrue();
        assertThat(first.closed).isTrue();
        FakeLink second = opened.get(1);
        ReceiverPool.Lease<FakeLink> retry = pool.acquire(key("q"), 10, true, opener(10));
        assertThat(retry.opened).isTrue();
        assertThat(second.closed).isTrue();
    }

    @Test
    void queriesOnOnePartitionKeepTheirOwnLinks() {
        readRange("a", 0, 10);
        readRange("b", 100, 110);
        assertThat(readRange("a", 10, 20).opened).isFalse();
        assertThat(readRange("b", 110, 120).opened).isFalse();
        assertThat(opened).hasSize(2).noneMatch(link -> link.closed);
    }

    @Test
    void linksOfAPartitionStayBelowTheServiceLimitClosingTheLeastRecentlyUsed() {
        for (int query = 0; query < 7; query++) {
            now.addAndGet(1_000);
            readRange("query-" + query, 0, 4);
            assertThat(pool.linksIn(SLOT)).as("links after query %d", query).isLessThanOrEqualTo(4);
        }
        assertThat(opened).hasSize(7);
        assertThat(opened.subList(0, 3)).allMatch(link -> link.closed);
        assertThat(opened.subList(3, 7)).noneMatch(link -> link.closed);
        // Another slot (partition) is not affected.
        ReceiverPool.Key other = new ReceiverPool.Key("query-0", "ns/hub/$default#1");
        assertThat(pool.acquire(other, 0, false, opener(0)).opened).isTrue();
        assertThat(pool.linksIn(SLOT)).isEqualTo(4);
    }

    @Test
    void linksInUseAreNeverClosedForRoomAndWarmingSkipsAFullPartition() {
        List<ReceiverPool.Lease<FakeLink>> inUse = new ArrayList<>();
        for (int query = 0; query < 5; query++) {
            inUse.add(pool.acquire(key("query-" + query), 0, false, opener(0)));
        }
        assertThat(inUse).noneMatch(lease -> lease.receiver.closed);
        assertThat(pool.warm(key("query-5"), 0, opener(0))).isFalse();
        assertThat(opened).hasSize(5);
    }

    @Test
    void evictionClosesIdleLinksAndSurvivesALinkWhoseCloseFails() {
        FakeLink failing = readRange("a", 0, 1).receiver;
        failing.failOnClose = true;
        FakeLink idle = readRange("b", 0, 1).receiver;
        now.addAndGet(IDLE / 2);
        FakeLink recent = readRange("c", 0, 1).receiver;
        now.addAndGet(IDLE / 2 + 1);

        pool.evictIdle();
        assertThat(failing.closed).isTrue();
        assertThat(idle.closed).isTrue();
        assertThat(recent.closed).isFalse();

        now.addAndGet(IDLE);
        pool.evictIdle();
        assertThat(recent.closed).isTrue();
        assertThat(pool.linksIn(SLOT)).isZero();
    }

    @Test
    void stoppingAQueryClosesOnlyItsIdleLinks() {
        FakeLink mine = readRange("stopped", 0, 5).receiver;
        FakeLink other = readRange("running", 0, 5).receiver;
        pool.closeReader("stopped");
        assertThat(mine.closed).isTrue();
        assertThat(other.closed).isFalse();
        assertThat(readRange("running", 5, 6).opened).isFalse();
    }

    @Test
    void warmingOpensOutsideThePoolLockAndTheTaskTakesTheWarmedLink() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicInteger opens = new AtomicInteger();
        Supplier<FakeLink> slowOpener = () -> {
            opens.incrementAndGet();
            opening.countDown();
            try {
                mayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FakeLink(50);
        };
        CompletableFuture<Boolean> warming = CompletableFuture.supplyAsync(() -> pool.warm(key("q"), 50, slowOpener));
        opening.await();

        // While that link opens, other partitions' tasks are served at once.
        ReceiverPool.Key otherPartition = new ReceiverPool.Key("q", "ns/hub/$default#1");
        assertThat(pool.acquire(otherPartition, 0, false, opener(0)).opened).isTrue();

        // The task of the warmed partition waits for that link instead of opening a second one.
        CompletableFuture<ReceiverPool.Lease<FakeLink>> task =
                CompletableFuture.supplyAsync(() -> pool.acquire(key("q"), 50, false, opener(50)));
        mayFinish.countDown();
        assertThat(warming.get()).isTrue();
        ReceiverPool.Lease<FakeLink> lease = task.get();
        assertThat(lease.opened).isFalse();
        assertThat(lease.receiver.next).isEqualTo(50);
        assertThat(opens).hasValue(1);
        assertThat(opened).hasSize(1); // only the other partition's link came from the regular opener
    }
}

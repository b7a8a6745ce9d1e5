package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.models.PartitionEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** A running asynchronous receive: the event bodies so far and how the stream ended, for bounded assertions. */
final class Receiving implements AutoCloseable {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    /** Completes with the stream's error, or with null when it completed normally. */
    private final CompletableFuture<Throwable> end = new CompletableFuture<>();

    private final Disposable subscription;

    private Receiving(Flux<PartitionEvent> events) {
        subscription = events.subscribe(
                e -> bodies.add(e.getData().getBodyAsString()), end::complete, () -> end.complete(null));
    }

    static Receiving start(Flux<PartitionEvent> events) {
        return new Receiving(events);
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Waits until at least {@code count} events arrived; fails at once if the stream ends before that. */
    Receiving awaitCount(int count) {
        Sdk.await(count + " events (have " + bodies + ")", () -> {
            if (bodies.size() >= count) {
                return true;
            }
            if (end.isDone()) {
                throw new AssertionError(
                        "The receive stream ended with " + bodies + " before " + count + " events arrived",
                        end.getNow(null));
            }
            return false;
        });
        return this;
    }

    boolean isEnded() {
        return end.isDone();
    }

    /** Waits for the stream to end with an error and returns it. */
    Throwable awaitError() {
        return awaitError(Sdk.WAIT);
    }

    /** As {@link #awaitError()}, waiting at most {@code wait}. */
    Throwable awaitError(java.time.Duration wait) {
        try {
            Throwable error = end.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(error)
                    .as("the receive stream completed without an error")
                    .isNotNull();
            return error;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The receive stream did not end within " + wait + "; received " + bodies, e);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the stream to end, with or without an error; returns the error or null. */
    Throwable awaitEnd() {
        try {
            return end.get(Sdk.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The receive stream did not end within " + Sdk.WAIT + "; received " + bodies, e);
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}

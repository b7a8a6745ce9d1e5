package io.eventhubsnative.spark.client;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;

/**
 * Calls into the SDK from threads that Spark interrupts. The SDK wakes its I/O thread by writing to a {@code java.nio}
 * pipe on the calling thread, and a pipe written by a thread whose interrupt status is set closes itself (it is an
 * interruptible channel). That takes down the AMQP connection every query on the executor shares with it, and its I/O
 * thread spins on the closed pipe for the seconds the connection takes to close. Spark interrupts a task's thread when
 * it kills the task (a query stops, a job is cancelled) and then closes the task's reader on that same thread.
 */
public final class Interrupts {

    private Interrupts() {}

    /**
     * Fails at once, as an interruption, if the thread's interrupt status is set: a call that blocks on the SDK
     * subscribes before it waits, so it must not start on an interrupted thread. One interrupted while it waits is
     * safe: the wait clears the status before it cancels.
     */
    public static void failIfInterrupted(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new UncheckedIOException(new InterruptedIOException("Interrupted before it could " + what));
        }
    }

    /**
     * Runs {@code call}, which must not block (a subscription, a request for more events, a cancellation), with the
     * thread's interrupt status set aside, and sets it again afterwards so the caller still sees the interruption.
     */
    public static void setAside(Runnable call) {
        boolean interrupted = Thread.interrupted();
        try {
            call.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

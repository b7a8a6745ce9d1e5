package io.eventhubsnative.spark.client;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NetworkSettings;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Turns SDK failures into messages a notebook user can act on: what was being done, against which namespace and
 * hub, what went wrong and which option to check. Never includes a credential.
 */
public final class EventHubsErrors {

    private EventHubsErrors() {}

    public static RuntimeException explain(Throwable error, EventHubsOptions options, String action, Duration timeout) {
        String target = "event hub '" + options.eventHubName() + "' in namespace '" + options.fullyQualifiedNamespace()
                + "' (consumer group '" + options.consumerGroup() + "', auth " + options.authMode() + ")";
        RuntimeException interrupted = interruption(error, "Interrupted while trying to " + action + " " + target);
        if (interrupted != null) {
            return interrupted;
        }
        Throwable cause = rootAmqpOrTimeout(error);
        String message;
        if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.CancellationException) {
            String proxy = ProxyProbe.diagnose(options);
            message = "Timed out after " + timeout.getSeconds() + " s trying to " + action + " " + target + ". "
                    + (proxy != null
                            ? proxy
                            : "Check that the namespace in eventhubs.connectionString / eventhubs.namespace is right and "
                                    + "reachable ("
                                    + (options.network().transport() == NetworkSettings.Transport.AMQP_WEB_SOCKETS
                                            ? "WebSockets on port 443, or through the JVM's proxy"
                                            : "AMQP port 5671, or 5672 for a local emulator")
                                    + "), or raise eventhubs.operationTimeout.");
        } else if (cause instanceof AmqpException) {
            AmqpException amqp = (AmqpException) cause;
            AmqpErrorCondition condition = amqp.getErrorCondition();
            String detail = firstLine(amqp.getMessage());
            if (condition == AmqpErrorCondition.UNAUTHORIZED_ACCESS) {
                message = "Event Hubs refused the credentials while trying to " + action + " " + target + ": " + detail
                        + (options.authMode().isEntraId()
                                ? ". Check the Microsoft Entra ID sign-in (eventhubs.auth=" + options.authMode()
                                        + "): the identity "
                                        + "needs a role such as 'Azure Event Hubs Data "
                                        + (action.startsWith("send") || action.contains("batch of events")
                                                ? "Sender"
                                                : "Receiver")
                                        + "' on the event hub or its namespace."
                                : ". Check the key name and key (or token) of eventhubs.connectionString, or the Entra ID settings.");
            } else if (condition == AmqpErrorCondition.NOT_FOUND) {
                message = "Not found while trying to " + action + " " + target + ": " + detail
                        + ". Check eventhubs.name (or EntityPath) and eventhubs.consumerGroup.";
            } else {
                message = "Failed to " + action + " " + target + ": " + detail;
            }
        } else {
            message = "Failed to " + action + " " + target + ": " + firstLine(String.valueOf(error.getMessage()));
        }
        return new IllegalStateException(message, error);
    }

    /**
     * When {@code error} comes from an interrupted wait (a blocking SDK call of a query being stopped), an exception
     * Spark recognizes as an interruption, so {@code query.stop()} ends the query cleanly instead of failing it; else
     * null. Keeps the thread's interrupt status.
     */
    public static RuntimeException interruption(Throwable error, String message) {
        if (firstCause(error, c -> c instanceof InterruptedException || c instanceof InterruptedIOException) == null) {
            return null;
        }
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException(message);
        interrupted.initCause(error);
        return new UncheckedIOException(interrupted);
    }

    /**
     * Whether repeating the failed call may succeed: the SDK marked the AMQP error transient (server busy, a forced
     * detach or connection close, a timeout), or the management channel closed under the request because its
     * connection dropped. Refused credentials, a missing entity and bad arguments are not.
     */
    public static boolean isTransient(Throwable error) {
        Throwable cause = firstCause(error, c -> c instanceof AmqpException || isClosedManagementChannel(c));
        return cause instanceof AmqpException ? ((AmqpException) cause).isTransient() : cause != null;
    }

    // The SDK's "request response channel is disposed", an implementation class: matched by name, as the shaded jar
    // relocates its package.
    /**
     * Whether {@code error} says the SDK's link or client was closed underneath ("... when disposed"): the SDK does
     * not retry that, and a client closed for good fails every later call.
     */
    public static boolean isClosedUnderneath(Throwable error) {
        return firstCause(
                        error,
                        e -> e instanceof IllegalStateException
                                && e.getMessage() != null
                                && e.getMessage().contains("disposed"))
                != null;
    }

    /**
     * Whether the service refused a request because the namespace's quota is spent ({@code com.microsoft:server-busy}):
     * the service is up and the request may go again after a pause.
     */
    public static boolean isServerBusy(Throwable error) {
        return firstCause(
                        error,
                        e -> e instanceof AmqpException
                                && ((AmqpException) e).getErrorCondition() == AmqpErrorCondition.SERVER_BUSY_ERROR)
                != null;
    }

    private static boolean isClosedManagementChannel(Throwable error) {
        return error.getClass().getSimpleName().equals("RequestResponseChannelClosedException");
    }

    private static Throwable rootAmqpOrTimeout(Throwable error) {
        Throwable cause = firstCause(error, c -> c instanceof AmqpException || c instanceof TimeoutException);
        return cause == null ? error : cause;
    }

    /** The first of {@code error} and its causes (ten deep at most, as causes may form a cycle) that matches, or null. */
    private static Throwable firstCause(Throwable error, Predicate<Throwable> match) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < 10; depth++) {
            if (match.test(current)) {
                return current;
            }
            current = current.getCause();
        }
        return null;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

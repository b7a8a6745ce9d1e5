package io.eventhubsnative.local;

import io.eventhubsnative.local.amqp.AmqpServer;
import io.eventhubsnative.local.amqp.ManagementFaults;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** Faults a test can inject into a running endpoint. */
public final class Faults {

    private final AmqpServer server;
    private final ManagementFaults management;

    Faults(AmqpServer server, ManagementFaults management) {
        this.server = server;
        this.management = management;
    }

    /** Drops every client connection's socket without a Close frame, as a network failure would. */
    public void dropConnections() {
        server.closeConnections(null);
    }

    /**
     * Takes the endpoint down ({@code true}): every connection is dropped and new ones are closed as soon as they are
     * accepted, until it is brought back ({@code false}); the hubs keep their events.
     */
    public void outage(boolean down) {
        server.outage(down);
    }

    /** Closes every client connection with an AMQP error, e.g. {@code amqp:connection:forced}. */
    public void closeConnections(String condition, String description) {
        server.closeConnections(new ErrorCondition(Symbol.valueOf(condition), description));
    }

    /** Detaches every client receive link with an AMQP error, e.g. {@code com.microsoft:server-busy}. */
    public void detachReceiveLinks(String condition, String description) {
        detachReceiveLinks(address -> true, condition, description);
    }

    /** Detaches the client receive links whose address (e.g. {@code eh1/ConsumerGroups/$Default/Partitions/0}) passes. */
    public void detachReceiveLinks(Predicate<String> address, String condition, String description) {
        server.detachConsumers(address, new ErrorCondition(Symbol.valueOf(condition), description));
    }

    /**
     * Holds back every delivery to the client receive links whose address (e.g.
     * {@code eh1/ConsumerGroups/$Default/Partitions/0}) passes, links opened later included, until
     * {@link #releaseDeliveries()}: the links stay attached, as on a slow partition.
     */
    public void holdDeliveries(Predicate<String> address) {
        server.holdDeliveries(address);
    }

    /** Ends {@link #holdDeliveries(Predicate)}: held links receive what they have credit for. */
    public void releaseDeliveries() {
        server.holdDeliveries(address -> false);
    }

    /** Delays every `$management` reply by {@code delay} (zero to stop). */
    public void delayManagement(Duration delay) {
        management.delay(delay);
    }

    /** Answers the next {@code times} `$management` requests with this status, e.g. 503 "server busy". */
    public void failManagement(int times, int statusCode, String description) {
        management.fail(times, statusCode, description);
    }

    /** Removes the management faults. */
    public void clear() {
        management.reset();
    }
}

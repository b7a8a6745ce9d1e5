package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.Counters;
import io.eventhubsnative.local.transport.SniffingWire;
import io.eventhubsnative.local.transport.SocketWire;
import io.eventhubsnative.local.transport.TlsWire;
import io.eventhubsnative.local.transport.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client connection: its socket, proton transport and links. Used on the server's I/O thread only. */
final class AmqpConnection {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);
    /** Stop generating deliveries while this much output waits for the socket. */
    private static final int OUTPUT_HIGH_WATER = 1 << 20;

    private static final int PUMP_BUDGET = 512;

    private final AmqpServer server;
    private final SocketChannel channel;
    private final SniffingWire wire;
    private final SelectionKey key;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final Authorizations authorizations = new Authorizations();
    private final LinkRouter router;
    private final Map<String, Sender> replyLinks = new HashMap<>();
    private final List<ConsumerLink> consumers = new ArrayList<>();
    private String host = "localhost";
    private boolean pumpRequested;
    private long nextTick;
    private long replyTag;
    private boolean closed;

    AmqpConnection(AmqpServer server, SocketChannel channel, SelectionKey key) {
        this.server = server;
        this.channel = channel;
        this.key = key;
        // TLS is outermost, as on the service's 5671 and 443: required when the endpoint serves TLS, else on demand.
        // WebSockets, when asked for, run inside it.
        ServerSettings settings = server.settings();
        Wire socket = new SocketWire(channel);
        Runnable onWebSocket = settings.counters()::webSocketConnection;
        this.wire = settings.usesTls()
                ? new SniffingWire(new TlsWire(socket, settings.tls(), ByteBuffer.allocate(0)), null, onWebSocket)
                : new SniffingWire(socket, settings.tlsOnDemand(), onWebSocket);
        this.router = new LinkRouter(this);
        FullPerformatives.install(transport);
        transport.setMaxFrameSize(65536);
        // We advertise 60 s; the SDK advertises 30 s and tick() sends the empty frames that keep it alive.
        transport.setIdleTimeout(120_000);
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.setMechanisms("ANONYMOUS");
        sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        connection.collect(collector);
        transport.bind(connection);
    }

    AmqpServer server() {
        return server;
    }

    Counters counters() {
        return server.settings().counters();
    }

    Authorizations authorizations() {
        return authorizations;
    }

    /** The namespace host the client connected to (the Open frame's hostname), used in audiences and errors. */
    String host() {
        return host;
    }

    List<ConsumerLink> consumers() {
        return consumers;
    }

    void registerReplyLink(String[] keys, Sender sender) {
        for (String key : keys) {
            if (key != null && !key.isEmpty()) {
                replyLinks.put(key, sender);
            }
        }
    }

    void requestPump() {
        pumpRequested = true;
    }

    boolean pumpRequested() {
        return pumpRequested;
    }

    boolean isClosed() {
        return closed;
    }

    void readable() {
        try {
            while (true) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    break;
                }
                int n = wire.read(transport.tail());
                if (n < 0) {
                    transport.close_tail();
                    break;
                }
                if (n == 0) {
                    break;
                }
                transport.process();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Connection read failed; closing it", e);
            transport.close_tail();
        }
        quickAck();
        dispatch();
    }

    /**
     * Acknowledges what was read at once. The SDK leaves Nagle's algorithm on, so its small flow frame (new credit)
     * waits behind its own unacknowledged disposition frames; with the kernel's delayed ACK on this side, every
     * credit round then stalled for milliseconds and one receive link topped out near 90,000 events/s at a prefetch
     * of 2,000 (14,000 at 500). Linux resets quick-ack mode after a while, so it is set again after each read.
     */
    private void quickAck() {
        try {
            channel.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux: delayed ACKs stay, the endpoint is only slower.
        }
    }

    /** Handles the engine's events, sends what credit allows, keeps the connection alive and writes output. */
    void process(long now) {
        if (wire.hasBufferedInput() && transport.capacity() > 0) {
            readable();
        }
        dispatch();
        if (pumpRequested && transport.pending() < OUTPUT_HIGH_WATER) {
            pump();
        }
        if (now >= nextTick) {
            nextTick = transport.tick(now);
            if (nextTick == 0) {
                nextTick = now + 1000;
            }
        }
        flush();
    }

    long nextDeadline() {
        return nextTick;
    }

    private void pump() {
        pumpRequested = false;
        EventCodec codec = server.codec();
        for (ConsumerLink consumer : consumers) {
            if (consumer.pump(codec, PUMP_BUDGET) == PUMP_BUDGET) {
                pumpRequested = true;
            }
            if (transport.pending() >= OUTPUT_HIGH_WATER) {
                pumpRequested = true;
                break;
            }
        }
    }

    private void dispatch() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                handle(event);
            } catch (RuntimeException e) {
                LOG.warn("Failed to handle {}", event.getType(), e);
            }
            collector.pop();
        }
    }

    private void handle(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                if (connection.getRemoteHostname() != null) {
                    host = connection.getRemoteHostname();
                }
                connection.setContainer("local-eventhubs");
                connection.open();
            }
            case CONNECTION_REMOTE_CLOSE -> connection.close();
            case SESSION_REMOTE_OPEN -> {
                if (event.getSession().getLocalState() == EndpointState.UNINITIALIZED) {
                    event.getSession().open();
                }
            }
            case SESSION_REMOTE_CLOSE -> event.getSession().close();
            case LINK_REMOTE_OPEN -> {
                Link link = event.getLink();
                if (link.getLocalState() == EndpointState.UNINITIALIZED) {
                    router.attach(link);
                }
            }
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> {
                Link link = event.getLink();
                linkGone(link);
                if (link.getLocalState() != EndpointState.CLOSED) {
                    link.close();
                }
            }
            case LINK_FINAL -> linkGone(event.getLink());
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof LinkHandler handler) {
                    handler.onFlow();
                }
            }
            case DELIVERY -> {
                Delivery delivery = event.getDelivery();
                if (delivery.getLink().getContext() instanceof LinkHandler handler) {
                    handler.onDelivery(delivery);
                } else if (delivery.remotelySettled()) {
                    delivery.settle();
                }
            }
            case TRANSPORT_ERROR -> LOG.debug("Transport error: {}", transport.getCondition());
            default -> {}
        }
    }

    private void linkGone(Link link) {
        if (link.getContext() instanceof LinkHandler handler) {
            link.setContext(null);
            if (handler instanceof ConsumerLink consumer) {
                consumers.remove(consumer);
            }
            handler.onClosed();
        }
    }

    /** Sends a response on the reply link named by the request's reply-to, correlated by its message-id. */
    void reply(Message request, int status, String description, Object body) {
        reply(request, status, description, body, null);
    }

    /**
     * As {@link #reply(Message, int, String, Object)}, with an {@code error-condition} when not null: $management
     * error replies carry one; $cbs ones do not (the Python SDK then takes the put-token for failed without a status).
     */
    void reply(Message request, int status, String description, Object body, String errorCondition) {
        Sender link = replyLinks.get(request.getReplyTo());
        if (link == null || link.getLocalState() != EndpointState.ACTIVE || closed) {
            LOG.debug("Dropping a reply to {}: no open reply link", request.getReplyTo());
            return;
        }
        Message response = Proton.message();
        Properties properties = new Properties();
        properties.setCorrelationId(request.getMessageId());
        response.setProperties(properties);
        Map<String, Object> appProperties = new HashMap<>();
        // The SDK casts the status with (int): it must be an AMQP int.
        appProperties.put("status-code", Integer.valueOf(status));
        appProperties.put("status-description", description);
        if (errorCondition != null) {
            appProperties.put("error-condition", errorCondition);
        }
        response.setApplicationProperties(new ApplicationProperties(appProperties));
        if (body != null) {
            response.setBody(new AmqpValue(body));
        }
        byte[] encoded = server.codec().encode(response);
        Delivery delivery =
                link.delivery(Long.toString(replyTag++).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        link.send(encoded, 0, encoded.length);
        link.advance();
        delivery.settle();
        flush();
    }

    /** Detaches a link with an error, as the service does for stolen or failed links. */
    void detach(Link link, ErrorCondition error) {
        if (link.getLocalState() == EndpointState.CLOSED) {
            return;
        }
        linkGone(link);
        link.setCondition(error);
        link.close();
        flush();
    }

    /** Refuses an attach: echoes the link with a null source (or target) and detaches it with the error. */
    void refuse(Link link, ErrorCondition error) {
        if (link instanceof Sender) {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        } else {
            link.setSource(link.getRemoteSource());
            link.setTarget(null);
        }
        link.open();
        link.setCondition(error);
        link.close();
    }

    /** Echoes the client's terminus so that the SDK sees the link as active. */
    static void accept(Link link) {
        Source source = (Source) link.getRemoteSource();
        link.setSource(source);
        link.setTarget((Target) link.getRemoteTarget());
        link.setSenderSettleMode(link.getRemoteSenderSettleMode());
        link.setReceiverSettleMode(link.getRemoteReceiverSettleMode());
    }

    void close(ErrorCondition error) {
        if (connection.getLocalState() != EndpointState.CLOSED) {
            connection.setCondition(error);
            connection.close();
        }
        flush();
    }

    /** Writes pending output; closes the socket once the transport is done in both directions. */
    void flush() {
        if (closed) {
            return;
        }
        try {
            boolean flushed = wire.flush();
            int pending = transport.pending();
            while (pending > 0 && flushed) {
                ByteBuffer head = transport.head();
                int n = wire.write(head);
                if (n <= 0) {
                    break;
                }
                transport.pop(n);
                pending = transport.pending();
                flushed = wire.flush();
            }
            if (pending < 0 || transport.isClosed()) {
                abort();
                return;
            }
            // Output waits for the socket, not for a handshake that waits for the client: only then ask for OP_WRITE.
            boolean blocked = !flushed || (pending > 0 && wire.ready());
            if (key.isValid()) {
                key.interestOps(blocked ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Connection write failed; closing it", e);
            abort();
        }
    }

    /** Drops the socket without a Close frame, like a network failure. */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        for (ConsumerLink consumer : List.copyOf(consumers)) {
            server.consumers().remove(consumer);
        }
        consumers.clear();
        key.cancel();
        try {
            wire.flush(); // a refused WebSocket upgrade's answer, at best
            wire.close();
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
    }
}

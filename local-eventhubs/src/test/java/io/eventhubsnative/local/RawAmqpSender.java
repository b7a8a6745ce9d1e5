package io.eventhubsnative.local;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.BaseHandler;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.apache.qpid.proton.reactor.Reactor;

/**
 * A bare proton-j client for what the SDK will not do: it authorizes with a SAS token on {@code $cbs}, attaches a
 * send link and sends one message of any size, then reports the endpoint's outcome for it.
 */
final class RawAmqpSender extends BaseHandler {

    private final int port;
    private final String token;
    private final String audience;
    private final String address;
    private final byte[] body;
    private final CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
    private Session session;
    private Sender cbs;
    private Receiver replies;
    private Sender events;
    private boolean tokenSent;
    private boolean eventSent;

    private RawAmqpSender(int port, String token, String audience, String address, byte[] body) {
        this.port = port;
        this.token = token;
        this.audience = audience;
        this.address = address;
        this.body = body;
    }

    /** Sends {@code body} as one event to {@code address} (e.g. {@code eh1/Partitions/0}); returns the outcome. */
    static DeliveryState send(LocalEventHubs hubs, String token, String address, byte[] body) throws Exception {
        RawAmqpSender handler = new RawAmqpSender(hubs.port(), token, "amqp://localhost/" + address, address, body);
        Reactor reactor = Proton.reactor(handler);
        Thread thread = new Thread(reactor::run, "raw-amqp-client");
        thread.setDaemon(true);
        thread.start();
        try {
            return handler.outcome.get(Sdk.WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            thread.join(5000);
        }
    }

    @Override
    public void onReactorInit(Event event) {
        event.getReactor().connectionToHost("127.0.0.1", port, this);
    }

    @Override
    public void onConnectionInit(Event event) {
        Connection connection = event.getConnection();
        connection.setHostname("localhost");
        connection.setContainer("raw-amqp-client");
        connection.open();
        session = connection.session();
        session.open();
        cbs = session.sender("cbs:sender");
        cbs.setSenderSettleMode(SenderSettleMode.SETTLED);
        cbs.setSource(new Source());
        cbs.setTarget(target("$cbs"));
        cbs.open();
        replies = session.receiver("cbs:receiver");
        Source source = new Source();
        source.setAddress("$cbs");
        replies.setSource(source);
        replies.setTarget(target("raw-client-reply-to"));
        replies.open();
        replies.flow(10);
    }

    @Override
    public void onLinkFlow(Event event) {
        if (event.getLink() == cbs && !tokenSent && cbs.getCredit() > 0) {
            tokenSent = true;
            Message putToken = Proton.message();
            Properties properties = new Properties();
            properties.setMessageId(UnsignedLong.valueOf(1));
            properties.setReplyTo("raw-client-reply-to");
            putToken.setProperties(properties);
            putToken.setApplicationProperties(new ApplicationProperties(Map.of(
                    "operation",
                    "put-token",
                    "type",
                    PutToken.SAS,
                    "name",
                    audience,
                    "expiration",
                    new Date(System.currentTimeMillis() + 600_000))));
            putToken.setBody(new AmqpValue(token));
            send(cbs, putToken).settle();
        } else if (event.getLink() == events && !eventSent && events.getCredit() > 0) {
            eventSent = true;
            Message message = Proton.message();
            message.setBody(new Data(new Binary(body)));
            send(events, message);
        }
    }

    @Override
    public void onDelivery(Event event) {
        Delivery delivery = event.getDelivery();
        if (delivery.getLink() == replies && !delivery.isPartial()) {
            byte[] bytes = new byte[delivery.pending()];
            replies.recv(bytes, 0, bytes.length);
            replies.advance();
            delivery.settle();
            Message reply = Proton.message();
            reply.decode(bytes, 0, bytes.length);
            Object status = reply.getApplicationProperties().getValue().get("status-code");
            if (!Integer.valueOf(202).equals(status)) {
                finish(
                        event,
                        new IllegalStateException("put-token answered "
                                + reply.getApplicationProperties().getValue()));
                return;
            }
            events = session.sender(address);
            Source source = new Source();
            source.setAddress("raw-client");
            events.setSource(source);
            events.setTarget(target(address));
            events.open();
        } else if (delivery.getLink() == events && delivery.getRemoteState() != null) {
            outcome.complete(delivery.getRemoteState());
            delivery.settle();
            finish(event, null);
        }
    }

    @Override
    public void onLinkRemoteClose(Event event) {
        finish(
                event,
                new IllegalStateException("The endpoint detached "
                        + event.getLink().getName() + ": " + event.getLink().getRemoteCondition()));
    }

    @Override
    public void onTransportError(Event event) {
        finish(
                event,
                new IllegalStateException(
                        "Transport error: " + event.getTransport().getCondition()));
    }

    private void finish(Event event, Exception error) {
        if (error != null) {
            outcome.completeExceptionally(error);
        }
        event.getConnection().close();
        event.getReactor().stop();
    }

    private static Target target(String address) {
        Target target = new Target();
        target.setAddress(address);
        return target;
    }

    private static Delivery send(Sender link, Message message) {
        byte[] buffer = new byte
                [message.getBody() instanceof Data data ? data.getValue().getLength() + 4096 : 4096];
        int length = message.encode(buffer, 0, buffer.length);
        Delivery delivery = link.delivery(Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
        link.send(Arrays.copyOf(buffer, length), 0, length);
        link.advance();
        return delivery;
    }
}

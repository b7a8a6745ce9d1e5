package io.eventhubsnative.local.amqp;

import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/** Reading requests on the request/response links ({@code $cbs}, {@code $management}). */
final class RequestLinks {

    static final int CREDIT = 100;

    private RequestLinks() {}

    /** The complete request of this delivery, settled and with credit topped up; null while still partial. */
    static Message read(AmqpConnection connection, Receiver receiver, Delivery delivery) {
        if (!delivery.isReadable() || delivery.isPartial()) {
            return null;
        }
        byte[] payload = new byte[delivery.pending()];
        receiver.recv(payload, 0, payload.length);
        receiver.advance();
        // Every client waits for its request's outcome; some fail the request when it is settled without one.
        delivery.disposition(Accepted.getInstance());
        delivery.settle();
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
        Message request = connection.server().codec().decodeMessage(payload);
        if (request.getReplyTo() == null) {
            // As the service does: a request that names no reply address is answered on the node's reply link.
            request.setReplyTo(nodeKey(((Target) receiver.getRemoteTarget()).getAddress()));
        }
        return request;
    }

    /**
     * The names a reply link goes by: its target address (what the Java SDK puts in reply-to), its link name (what
     * the JavaScript SDK puts there) and its node (for requests with no reply-to, as the Python SDK sends on $cbs).
     */
    static String[] replyKeys(Link replyLink, String nodeAddress, String targetAddress) {
        return new String[] {nodeKey(nodeAddress), replyLink.getName(), targetAddress};
    }

    private static String nodeKey(String nodeAddress) {
        return "node:" + nodeAddress;
    }

    static Map<String, Object> properties(Message message) {
        Map<String, Object> props = new HashMap<>();
        if (message.getApplicationProperties() != null
                && message.getApplicationProperties().getValue() != null) {
            message.getApplicationProperties().getValue().forEach((k, v) -> props.put(String.valueOf(k), v));
        }
        return props;
    }
}

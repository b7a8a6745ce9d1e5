package io.eventhubsnative.local.amqp;

import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.engine.Delivery;
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
        delivery.settle();
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
        return connection.server().codec().decodeMessage(payload);
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

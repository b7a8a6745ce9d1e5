package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.store.Hub;
import io.eventhubsnative.local.store.PartitionLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

/** Accepts events sent to a hub or to one of its partitions, single or batched (message format 0x80013700). */
final class ProducerLink implements LinkHandler {

    static final int CREDIT = 100;

    private final AmqpConnection connection;
    private final Receiver receiver;
    private final Hub hub;
    private final PartitionLog partition;

    ProducerLink(AmqpConnection connection, Receiver receiver, Hub hub, PartitionLog partition) {
        this.connection = connection;
        this.receiver = receiver;
        this.hub = hub;
        this.partition = partition;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (!delivery.isReadable() || delivery.isPartial()) {
            return;
        }
        byte[] payload = new byte[delivery.pending()];
        receiver.recv(payload, 0, payload.length);
        receiver.advance();
        int limit = connection.server().settings().maxMessageSize();
        if (payload.length > limit) {
            Rejected rejected = new Rejected();
            rejected.setError(Errors.of(
                    Errors.MESSAGE_SIZE_EXCEEDED,
                    "The received message (size: " + payload.length + " bytes) exceeds the limit (" + limit
                            + " bytes) currently allowed on the link."));
            settle(delivery, rejected);
            return;
        }
        List<EventCodec.IncomingEvent> events =
                connection.server().codec().decodeEvents(payload, delivery.getMessageFormat());
        if (!events.isEmpty()) {
            // A batch stays together: one partition, consecutive sequence numbers.
            PartitionLog target =
                    partition != null ? partition : hub.route(events.get(0).partitionKey());
            Throttle throttle = connection.server().settings().throttle();
            if (!throttle.admitIngress(target.hubName() + "/" + target.partitionId(), payload.length, events.size())) {
                connection.counters().sendThrottled();
                Rejected rejected = new Rejected();
                rejected.setError(Errors.of(Errors.SERVER_BUSY, Throttle.SERVER_BUSY));
                settle(delivery, rejected);
                return;
            }
            store(target, events);
            connection.counters().ingress().add(payload.length);
        }
        settle(delivery, Accepted.getInstance());
    }

    private void store(PartitionLog target, List<EventCodec.IncomingEvent> events) {
        List<byte[]> sections = new ArrayList<>(events.size());
        List<String> keys = new ArrayList<>(events.size());
        List<Map<Object, Object>> annotations = new ArrayList<>(events.size());
        for (EventCodec.IncomingEvent event : events) {
            sections.add(event.sections());
            keys.add(event.partitionKey());
            annotations.add(event.annotations());
        }
        target.appendAll(sections, keys, annotations);
        connection.counters().received(events.size());
    }

    private void settle(Delivery delivery, org.apache.qpid.proton.amqp.transport.DeliveryState outcome) {
        delivery.disposition(outcome);
        delivery.settle();
        if (receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
    }
}

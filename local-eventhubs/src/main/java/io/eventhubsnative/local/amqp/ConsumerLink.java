package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.store.PartitionLog;
import io.eventhubsnative.local.store.StoredEvent;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;

/** Delivers a partition's events to a client's receive link, as far as the client's credit allows. */
final class ConsumerLink implements LinkHandler {

    private final AmqpConnection connection;
    private final Sender sender;
    private final PartitionLog log;
    private final EntityAddress address;
    private final Long epoch;
    private final boolean runtimeMetric;
    private long next;
    private long tag;
    private long averageSize = 1024;
    private boolean repumpScheduled;

    ConsumerLink(
            AmqpConnection connection,
            Sender sender,
            PartitionLog log,
            EntityAddress address,
            Long epoch,
            boolean runtimeMetric,
            long start) {
        this.connection = connection;
        this.sender = sender;
        this.log = log;
        this.address = address;
        this.epoch = epoch;
        this.runtimeMetric = runtimeMetric;
        this.next = start;
    }

    private static final long REPUMP_MILLIS = 20;

    private void repumpLater() {
        if (!repumpScheduled) {
            repumpScheduled = true;
            connection.server().schedule(REPUMP_MILLIS, () -> {
                repumpScheduled = false;
                connection.requestPump();
            });
        }
    }

    private String quotaKey() {
        return log.hubName() + "/" + log.partitionId();
    }

    Sender sender() {
        return sender;
    }

    EntityAddress address() {
        return address;
    }

    Long epoch() {
        return epoch;
    }

    String name() {
        return sender.getName();
    }

    AmqpConnection connection() {
        return connection;
    }

    /** Sends up to {@code budget} events; returns how many were sent. */
    int pump(EventCodec codec, int budget) {
        if (sender.getLocalState() != EndpointState.ACTIVE
                || sender.getRemoteState() != EndpointState.ACTIVE
                || connection.server().deliveriesHeld(address)) {
            return 0;
        }
        int wanted = Math.min(sender.getCredit(), budget);
        if (wanted <= 0) {
            return 0;
        }
        Throttle throttle = connection.server().settings().throttle();
        int allowed = throttle.admitEgress(quotaKey(), wanted, averageSize);
        if (allowed < wanted) {
            // The quota holds some of what the credit asks: look again once some of it is back, as the client, which
            // still has credit, will not ask.
            repumpLater();
            if (allowed == 0) {
                return 0;
            }
            wanted = allowed;
        }
        List<StoredEvent> events = log.read(next, wanted);
        PartitionLog.Snapshot metric = runtimeMetric && !events.isEmpty() ? log.snapshot() : null;
        long now = System.currentTimeMillis();
        long bytes = 0;
        for (StoredEvent event : events) {
            Delivery delivery = sender.delivery(tag(tag++));
            ByteBuffer encoded = codec.encodeDelivery(event, metric, now);
            sender.send(encoded.array(), 0, encoded.limit());
            sender.advance();
            next = event.sequenceNumber() + 1;
            bytes += encoded.limit();
        }
        if (!events.isEmpty()) {
            throttle.tookEgress(quotaKey(), bytes, events.size());
            averageSize = bytes / events.size();
        }
        // A drain asks us to use up the credit we cannot fill with events: answer it once the log is exhausted.
        if (events.size() < wanted && sender.getDrain()) {
            sender.drained();
        }
        connection.counters().delivered(events.size());
        if (bytes > 0) {
            connection.counters().egress().add(bytes);
        }
        return events.size();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.remotelySettled()) {
            delivery.settle();
        }
    }

    @Override
    public void onFlow() {
        connection.requestPump();
    }

    @Override
    public void onClosed() {
        connection.server().consumers().remove(this);
    }

    private static byte[] tag(long value) {
        return new byte[] {
            (byte) (value >>> 56), (byte) (value >>> 48), (byte) (value >>> 40), (byte) (value >>> 32),
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
        };
    }
}

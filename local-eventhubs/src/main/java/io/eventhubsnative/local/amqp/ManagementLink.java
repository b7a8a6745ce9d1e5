package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.store.Hub;
import io.eventhubsnative.local.store.PartitionLog;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/**
 * {@code $management} READ requests for event hub and partition properties, answered with the exact AMQP types
 * the SDK checks (a {@code String[]} of partition ids, longs for sequence numbers, a string offset).
 */
final class ManagementLink implements LinkHandler {

    private final AmqpConnection connection;
    private final Receiver receiver;

    ManagementLink(AmqpConnection connection, Receiver receiver) {
        this.connection = connection;
        this.receiver = receiver;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        Message request = RequestLinks.read(connection, receiver, delivery);
        if (request == null) {
            return;
        }
        connection.counters().managementRequest();
        ManagementFaults faults = connection.server().settings().managementFaults();
        long delay = faults.delay().toMillis();
        if (delay > 0) {
            connection.server().schedule(delay, () -> answer(request, faults));
        } else {
            answer(request, faults);
        }
    }

    private void answer(Message request, ManagementFaults faults) {
        int failure = faults.takeFailure();
        if (failure != 0) {
            fail(request, failure, faults.failureDescription(), null);
            return;
        }
        Map<String, Object> props = RequestLinks.properties(request);
        String hubName = String.valueOf(props.get("name"));
        String authError = authorize(props, hubName);
        if (authError != null) {
            fail(request, 401, authError, null);
            return;
        }
        if (!"READ".equals(props.get("operation"))) {
            fail(request, 400, "The operation '" + props.get("operation") + "' is not supported.", null);
            return;
        }
        Hub hub = connection.server().settings().store().hub(hubName);
        if (hub == null) {
            fail(request, 404, Errors.entityNotFound(connection.host(), hubName), null);
            return;
        }
        Object type = props.get("type");
        if ("com.microsoft:eventhub".equals(type)) {
            connection.reply(request, 200, "OK", hubProperties(hub));
        } else if ("com.microsoft:partition".equals(type)) {
            String partitionId = String.valueOf(props.get("partition"));
            PartitionLog log = hub.partition(partitionId);
            if (log == null) {
                fail(
                        request,
                        400,
                        "ArgumentOutOfRangeException: " + Errors.invalidPartition(partitionId, hub.partitionCount()),
                        null);
            } else {
                connection.reply(request, 200, "OK", partitionProperties(hub, log));
            }
        } else {
            fail(request, 400, "The type '" + type + "' is not supported.", null);
        }
    }

    /** An error reply, with the condition the service names for its status. */
    private void fail(Message request, int status, String description, Object body) {
        connection.reply(request, status, description, body, Errors.conditionOf(status));
    }

    private String authorize(Map<String, Object> props, String hubName) {
        Object token = props.get("security_token");
        if (token == null) {
            return "Unauthorized: the request carries no security_token.";
        }
        String audience = "amqp://" + connection.host() + "/" + hubName;
        String text = token.toString();
        if (text.startsWith("SharedAccessSignature ")) {
            try {
                SasTokens.Grant grant = connection.server().sasTokens().verify(text, System.currentTimeMillis());
                return SasTokens.covers(grant.resourcePath(), SasTokens.pathOf(audience))
                        ? null
                        : "InvalidAudience: The token does not cover '" + audience + "'.";
            } catch (SasTokens.Refused refused) {
                return refused.getMessage();
            }
        }
        return connection.server().settings().jwtValidator().get().accept(text, audience)
                ? null
                : "InvalidToken: The token was rejected. Audience: '" + audience + "'.";
    }

    static Map<String, Object> hubProperties(Hub hub) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", hub.name());
        body.put("type", "com.microsoft:eventhub");
        body.put("created_at", Date.from(hub.createdAt()));
        body.put("partition_count", hub.partitionCount());
        body.put("partition_ids", hub.partitionIds());
        // The service's answer names how many regions hold the hub; 1 is no geo-replication. The Go SDK (azeventhubs
        // v2) refuses an answer without it.
        body.put("georeplication_factor", 1);
        return body;
    }

    static Map<String, Object> partitionProperties(Hub hub, PartitionLog log) {
        PartitionLog.Snapshot snapshot = log.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", hub.name());
        body.put("type", "com.microsoft:partition");
        body.put("partition", log.partitionId());
        // The service numbers geo-replication epochs beside sequence numbers; a hub that never failed over stays in
        // its first. The Rust SDK refuses an answer without them.
        body.put("begin_sequence_number_epoch", 0L);
        body.put("begin_sequence_number", snapshot.beginSequenceNumber());
        body.put("last_enqueued_sequence_number_epoch", 0L);
        body.put("last_enqueued_sequence_number", snapshot.lastSequenceNumber());
        body.put("last_enqueued_offset", Long.toString(snapshot.lastOffset()));
        body.put("last_enqueued_time_utc", new Date(snapshot.lastEnqueuedTime()));
        body.put("is_partition_empty", snapshot.isEmpty());
        return body;
    }
}

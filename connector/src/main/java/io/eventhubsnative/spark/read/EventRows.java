package io.eventhubsnative.spark.read;

import com.azure.core.amqp.models.AmqpAnnotatedMessage;
import com.azure.core.amqp.models.AmqpMessageProperties;
import com.azure.messaging.eventhubs.EventData;
import io.eventhubsnative.spark.avro.UndecodableEventException;
import io.eventhubsnative.spark.avro.ValueDecoder;
import io.eventhubsnative.spark.config.DecodeOptions;
import io.eventhubsnative.spark.config.OptionKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts the received events of one partition to rows of {@link EventSchema#of}. This runs once per event,
 * so it reads the AMQP message directly (the SDK's {@code getSystemProperties()} view rebuilds a hash set of its
 * entries on every {@code size()} and {@code entrySet()} call) and reuses the strings that repeat from event to
 * event: the partition id, the annotation names, the enqueued time shared by a whole batch of the sender.
 */
final class EventRows {

    private static final String PUBLISHER = "x-opt-publisher";
    private static final String OFFSET = "x-opt-offset";
    private static final String SEQUENCE_NUMBER = "x-opt-sequence-number";
    private static final String ENQUEUED_TIME = "x-opt-enqueued-time";
    private static final String PARTITION_KEY = "x-opt-partition-key";
    private static final Map<String, UTF8String> KNOWN_KEYS = knownKeys(
            OFFSET,
            SEQUENCE_NUMBER,
            ENQUEUED_TIME,
            PARTITION_KEY,
            PUBLISHER,
            "message-id",
            "user-id",
            "to",
            "subject",
            "reply-to",
            "correlation-id",
            "content-type",
            "content-encoding",
            "absolute-expiry-time",
            "creation-time",
            "group-id",
            "group-sequence",
            "reply-to-group-id");

    /** Most events carry no application properties: one empty map, never written to, serves them all. */
    private static final MapData NO_ENTRIES = ArrayBasedMapData.apply(new Object[0], new Object[0]);

    private final UTF8String partition;
    private final Entries entries = new Entries(16);
    private final ValueDecoder decoder;
    private final boolean permissive;
    private long lastEnqueuedMillis = Long.MIN_VALUE;
    private UTF8String lastEnqueuedText;

    /** {@code decode} is null unless the options decode bodies on read. */
    EventRows(String partitionId, DecodeOptions decode) {
        this.partition = UTF8String.fromString(partitionId);
        this.decoder = decode == null ? null : new ValueDecoder(decode);
        this.permissive = decode != null && decode.permissive();
    }

    InternalRow toRow(EventData event) {
        AmqpAnnotatedMessage message = event.getRawAmqpMessage();
        Map<String, Object> annotations = message.getMessageAnnotations();
        UTF8String offset = UTF8String.fromString(event.getOffsetString());
        long sequenceNumber = event.getSequenceNumber();
        Instant enqueued = event.getEnqueuedTime();
        Object publisher = annotations.get(PUBLISHER);
        String partitionKey = event.getPartitionKey();

        Object[] values = new Object[decoder == null ? 9 : 11];
        values[0] = event.getBody();
        values[1] = partition;
        values[2] = offset;
        values[3] = sequenceNumber;
        values[4] = enqueued.getEpochSecond() * 1_000_000L + enqueued.getNano() / 1_000;
        values[5] = publisher == null ? null : UTF8String.fromString(publisher.toString());
        values[6] = partitionKey == null ? null : UTF8String.fromString(partitionKey);
        values[7] = stringMap(event.getProperties());
        values[8] = systemProperties(message.getProperties(), annotations, values);
        if (decoder != null) {
            decode(event, message.getProperties(), values);
        }
        return new GenericInternalRow(values);
    }

    private void decode(EventData event, AmqpMessageProperties properties, Object[] values) {
        byte[] body = (byte[]) values[0];
        if (body == null) {
            return;
        }
        try {
            values[9] = decoder.decode(body, properties == null ? null : properties.getContentType());
        } catch (UndecodableEventException e) {
            if (!permissive) {
                throw new IllegalStateException(
                        "Could not decode the event at sequence number " + event.getSequenceNumber() + " of partition "
                                + partition + " " + e.getMessage() + ". Set option '" + OptionKeys.SCHEMA_REGISTRY_MODE
                                + "' to PERMISSIVE to read such events with a null 'value' and the reason in"
                                + " 'valueError'.",
                        e);
            }
            values[10] = UTF8String.fromString(e.getMessage());
        }
    }

    private static MapData stringMap(Map<String, Object> map) {
        if (map.isEmpty()) {
            return NO_ENTRIES;
        }
        Object[] keys = new Object[map.size()];
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            keys[i] = UTF8String.fromString(entry.getKey());
            values[i] = text(entry.getValue());
            i++;
        }
        return ArrayBasedMapData.apply(keys, values);
    }

    /**
     * The AMQP properties that are set, under their AMQP names, then the message annotations (x-opt-...), whose
     * offset, partition key and publisher reuse the texts of their own columns.
     */
    private MapData systemProperties(
            AmqpMessageProperties properties, Map<String, Object> annotations, Object[] columns) {
        entries.clear();
        if (properties != null) {
            entries.add("message-id", properties.getMessageId());
            byte[] userId = properties.getUserId();
            entries.add("user-id", userId != null && userId.length > 0 ? userId : null);
            entries.add("to", properties.getTo());
            entries.add("subject", properties.getSubject());
            entries.add("reply-to", properties.getReplyTo());
            entries.add("correlation-id", properties.getCorrelationId());
            entries.add("content-type", properties.getContentType());
            entries.add("content-encoding", properties.getContentEncoding());
            entries.add("absolute-expiry-time", properties.getAbsoluteExpiryTime());
            entries.add("creation-time", properties.getCreationTime());
            entries.add("group-id", properties.getGroupId());
            entries.add("group-sequence", properties.getGroupSequence());
            entries.add("reply-to-group-id", properties.getReplyToGroupId());
        }
        for (Map.Entry<String, Object> entry : annotations.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (value == null) {
                entries.put(key, null);
            } else if (key.equals(OFFSET)) {
                entries.put(key, (UTF8String) columns[2]);
            } else if (key.equals(PARTITION_KEY) && columns[6] != null) {
                entries.put(key, (UTF8String) columns[6]);
            } else if (key.equals(PUBLISHER) && columns[5] != null) {
                entries.put(key, (UTF8String) columns[5]);
            } else if (key.equals(ENQUEUED_TIME) && (value instanceof Instant || value instanceof Date)) {
                entries.put(key, enqueuedText(value instanceof Instant ? (Instant) value : ((Date) value).toInstant()));
            } else {
                entries.put(key, text(value));
            }
        }
        return entries.toMap();
    }

    /** The events of one batch of a sender share their enqueued time, so its text is made once for them all. */
    private UTF8String enqueuedText(Instant time) {
        long millis = time.toEpochMilli();
        if (millis != lastEnqueuedMillis || time.getNano() % 1_000_000 != 0) {
            lastEnqueuedText = UTF8String.fromString(time.toString());
            lastEnqueuedMillis = millis;
        }
        return lastEnqueuedText;
    }

    /** Property values as text: timestamps in ISO-8601, binary as UTF-8, everything else by toString. */
    private static UTF8String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Date) {
            return UTF8String.fromString(((Date) value).toInstant().toString());
        }
        if (value instanceof byte[]) {
            return UTF8String.fromString(new String((byte[]) value, StandardCharsets.UTF_8));
        }
        return UTF8String.fromString(value.toString());
    }

    private static Map<String, UTF8String> knownKeys(String... names) {
        Map<String, UTF8String> keys = new HashMap<>();
        for (String name : names) {
            keys.put(name, UTF8String.fromString(name));
        }
        return keys;
    }

    /**
     * Parallel key and value arrays that grow as needed, reused from event to event (a reader converts one event at a
     * time): only the map's own arrays, of the exact size, are new for each event.
     */
    private static final class Entries {
        private Object[] keys;
        private Object[] values;
        private int size;

        Entries(int capacity) {
            keys = new Object[capacity];
            values = new Object[capacity];
        }

        void add(String key, Object value) {
            if (value != null) {
                put(key, text(value));
            }
        }

        void put(String key, UTF8String value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2 + 1);
                values = Arrays.copyOf(values, size * 2 + 1);
            }
            UTF8String known = KNOWN_KEYS.get(key);
            keys[size] = known != null ? known : UTF8String.fromString(key);
            values[size] = value;
            size++;
        }

        void clear() {
            Arrays.fill(values, 0, size, null); // no event's value outlives its row here
            size = 0;
        }

        MapData toMap() {
            return ArrayBasedMapData.apply(Arrays.copyOf(keys, size), Arrays.copyOf(values, size));
        }
    }
}

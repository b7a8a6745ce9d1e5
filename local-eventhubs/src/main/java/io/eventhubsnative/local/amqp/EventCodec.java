package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.store.PartitionLog;
import io.eventhubsnative.local.store.StoredEvent;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.message.Message;

/**
 * Turns producer deliveries into stored events and stored events into consumer deliveries. Not thread-safe: the
 * server's I/O thread owns one instance.
 */
final class EventCodec {

    static final int BATCH_FORMAT = 0x80013700;

    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol OFFSET = Symbol.valueOf("x-opt-offset");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");
    static final Symbol LAST_SEQUENCE_NUMBER = Symbol.valueOf("last_enqueued_sequence_number");
    static final Symbol LAST_OFFSET = Symbol.valueOf("last_enqueued_offset");
    static final Symbol LAST_ENQUEUED_TIME = Symbol.valueOf("last_enqueued_time_utc");
    static final Symbol RETRIEVAL_TIME = Symbol.valueOf("runtime_info_retrieval_time_utc");

    /** An event as a producer sent it: its partition key, other message annotations and remaining sections. */
    record IncomingEvent(String partitionKey, Map<Object, Object> annotations, byte[] sections) {}

    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);
    private ByteBuffer out = ByteBuffer.allocate(64 * 1024);

    EventCodec() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /** Splits a producer's delivery into events: one for message format 0, one per Data section for a batch. */
    List<IncomingEvent> decodeEvents(byte[] payload, int messageFormat) {
        if (messageFormat != BATCH_FORMAT) {
            return List.of(decodeEvent(payload));
        }
        // proton-j's Message.decode keeps only the first Data section of a batch, so walk the sections here.
        List<byte[]> inner = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        decoder.setByteBuffer(buffer);
        while (buffer.hasRemaining()) {
            Object section = decoder.readObject();
            if (section instanceof Data data) {
                Binary binary = data.getValue();
                inner.add(Arrays.copyOfRange(
                        binary.getArray(), binary.getArrayOffset(), binary.getArrayOffset() + binary.getLength()));
            }
        }
        List<IncomingEvent> events = new ArrayList<>(inner.size());
        for (byte[] event : inner) {
            events.add(decodeEvent(event));
        }
        return events;
    }

    /** Keeps the event's own sections as they were encoded; only the leading annotation sections are taken apart. */
    private IncomingEvent decodeEvent(byte[] encoded) {
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        decoder.setByteBuffer(buffer);
        String partitionKey = null;
        Map<Object, Object> extra = null;
        int restStart = 0;
        while (buffer.hasRemaining()) {
            int position = buffer.position();
            Object section = decoder.readObject();
            if (section instanceof MessageAnnotations annotations && annotations.getValue() != null) {
                for (Map.Entry<Symbol, Object> entry : annotations.getValue().entrySet()) {
                    Symbol key = entry.getKey();
                    if (PARTITION_KEY.equals(key)) {
                        partitionKey = entry.getValue() == null
                                ? null
                                : entry.getValue().toString();
                    } else if (!SEQUENCE_NUMBER.equals(key) && !OFFSET.equals(key) && !ENQUEUED_TIME.equals(key)) {
                        // The service sets the system annotations itself; anything else the producer set travels on.
                        if (extra == null) {
                            extra = new LinkedHashMap<>();
                        }
                        extra.put(key, entry.getValue());
                    }
                }
            } else if (!(section instanceof Header) && !(section instanceof DeliveryAnnotations)) {
                restStart = position;
                break;
            }
            restStart = buffer.position();
        }
        byte[] rest = restStart == 0 ? encoded : Arrays.copyOfRange(encoded, restStart, encoded.length);
        return new IncomingEvent(partitionKey, extra, rest);
    }

    /**
     * Encodes a stored event for a consumer into this codec's buffer and returns it, flipped for reading; the
     * runtime metric (last enqueued event) is added when the link asked for it.
     */
    ByteBuffer encodeDelivery(StoredEvent event, PartitionLog.Snapshot runtimeMetric, long nowMillis) {
        int needed = event.sections().length + 512;
        if (out.capacity() < needed) {
            out = ByteBuffer.allocate(Integer.highestOneBit(needed) << 1);
        }
        while (true) {
            try {
                out.clear();
                encoder.setByteBuffer(out);
                if (runtimeMetric != null) {
                    Map<Symbol, Object> metric = new HashMap<>(8);
                    metric.put(LAST_SEQUENCE_NUMBER, runtimeMetric.lastSequenceNumber());
                    metric.put(LAST_OFFSET, Long.toString(runtimeMetric.lastOffset()));
                    metric.put(LAST_ENQUEUED_TIME, new Date(runtimeMetric.lastEnqueuedTime()));
                    metric.put(RETRIEVAL_TIME, new Date(nowMillis));
                    encoder.writeObject(new DeliveryAnnotations(metric));
                }
                Map<Symbol, Object> annotations = new LinkedHashMap<>(8);
                if (event.annotations() != null) {
                    event.annotations().forEach((k, v) -> annotations.put((Symbol) k, v));
                }
                annotations.put(SEQUENCE_NUMBER, event.sequenceNumber());
                annotations.put(OFFSET, Long.toString(event.offset()));
                annotations.put(ENQUEUED_TIME, new Date(event.enqueuedTimeMillis()));
                if (event.partitionKey() != null) {
                    annotations.put(PARTITION_KEY, event.partitionKey());
                }
                encoder.writeObject(new MessageAnnotations(annotations));
                out.put(event.sections());
                out.flip();
                return out;
            } catch (BufferOverflowException e) {
                out = ByteBuffer.allocate(out.capacity() * 2);
            }
        }
    }

    Message decodeMessage(byte[] payload) {
        Message message = Message.Factory.create();
        message.decode(payload, 0, payload.length);
        return message;
    }

    byte[] encode(Message message) {
        byte[] buffer = new byte[4096];
        while (true) {
            try {
                int length = message.encode(buffer, 0, buffer.length);
                return Arrays.copyOf(buffer, length);
            } catch (BufferOverflowException e) {
                buffer = new byte[buffer.length * 4];
            }
        }
    }
}

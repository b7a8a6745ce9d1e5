package io.eventhubsnative.spark.avro;

import io.eventhubsnative.spark.config.RegistryOptions;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads one event body by the schema id it carries: in its content type ({@code avro/binary+<id>}, what the
 * serializers write now) or in front of the Avro bytes (four zero bytes and the 32-character id, the older format).
 * The writer's schema comes from the registry once per JVM; Avro's resolution rules then read it as the reader schema,
 * so fields added with a default and removed fields are handled as Avro defines.
 */
final class RegistryAvroReader implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String CONTENT_TYPE_PREFIX = "avro/binary+";
    private static final int ID_LENGTH = 32;
    private static final ConcurrentMap<String, Schema> WRITERS = new ConcurrentHashMap<>();

    private final RegistryOptions registry;
    private final String readerSchema;
    private transient volatile Schema reader;
    /** Per task thread, as Avro's readers and decoders are not thread-safe; the writer schemas are per JVM. */
    private transient volatile ThreadLocal<Map<String, Reading>> readings;

    RegistryAvroReader(RegistryOptions registry, String readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
    }

    /** The reader schema, parsed once per JVM. */
    Schema readerSchema() {
        Schema parsed = reader;
        if (parsed == null) {
            parsed = new Schema.Parser().parse(readerSchema);
            reader = parsed;
        }
        return parsed;
    }

    /**
     * The decoded record.
     *
     * @throws UndecodableEventException whose message completes "Could not decode an event ...": the schema id and
     *     why, or that the event carries none
     */
    IndexedRecord read(byte[] body, String contentType) {
        String id = null;
        try {
            int offset = 0;
            if (contentType != null && contentType.startsWith(CONTENT_TYPE_PREFIX)) {
                id = contentType.substring(CONTENT_TYPE_PREFIX.length());
            } else if (body.length >= 4 + ID_LENGTH && body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 0) {
                id = new String(body, 4, ID_LENGTH, StandardCharsets.UTF_8);
                offset = 4 + ID_LENGTH;
            } else {
                throw new IllegalArgumentException("carrying no Schema Registry id (content type '" + contentType
                        + "', and no id in front of the body)");
            }
            Reading reading = reading(id);
            reading.decoder = DecoderFactory.get().binaryDecoder(body, offset, body.length - offset, reading.decoder);
            return reading.reader.read(null, reading.decoder);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableEventException(
                    id == null ? e.getMessage() : "written with schema id " + id + ": " + e.getMessage(), e);
        }
    }

    /** A task thread's reader for one writer schema, and the decoder it reuses. */
    private static final class Reading {
        final GenericDatumReader<IndexedRecord> reader;
        BinaryDecoder decoder;

        Reading(GenericDatumReader<IndexedRecord> reader) {
            this.reader = reader;
        }
    }

    private Reading reading(String id) {
        ThreadLocal<Map<String, Reading>> perThread = readings;
        if (perThread == null) {
            synchronized (this) {
                if (readings == null) {
                    readings = ThreadLocal.withInitial(HashMap::new);
                }
                perThread = readings;
            }
        }
        return perThread.get().computeIfAbsent(id, schemaId -> {
            Schema writer = WRITERS.computeIfAbsent(
                    registry.namespace() + "/" + schemaId,
                    k -> new Schema.Parser().parse(RegistrySchemas.schema(registry, schemaId)));
            return new Reading(new GenericDatumReader<>(writer, readerSchema()));
        });
    }
}

package io.eventhubsnative.spark.avro;

import io.eventhubsnative.spark.config.EncodeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Encoding on write ({@link EncodeOptions}): the sink's {@code value} struct as Avro of the writer schema, whose id
 * the events carry in their content type. Made on the driver, which checks the struct against the schema and
 * registers the schema, so a mismatch or a missing group fails the query before anything is sent.
 */
public final class ValueEncoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final StructType type;
    private final String writerSchema;
    private final String contentType;
    private transient CatalystAvro.RecordWriter records;
    private transient GenericDatumWriter<GenericRecord> writer;
    private transient ByteArrayOutputStream bytes;
    private transient BinaryEncoder encoder;

    /** An encoder of a schema already checked against {@code type} and registered under {@code schemaId}. */
    static ValueEncoder of(StructType type, String writerSchema, String schemaId) {
        return new ValueEncoder(type, writerSchema, schemaId);
    }

    private ValueEncoder(StructType type, String writerSchema, String schemaId) {
        this.type = type;
        this.writerSchema = writerSchema;
        this.contentType = RegistryAvroReader.CONTENT_TYPE_PREFIX + schemaId;
    }

    /**
     * Checks {@code type} against the writer schema, then registers the schema (or finds it registered).
     *
     * @throws IllegalArgumentException naming the column or option to fix
     */
    public static ValueEncoder register(EncodeOptions options, StructType type) {
        CatalystAvro.recordPlan(type, new Schema.Parser().parse(options.writerSchema()), "value");
        String id = RegistrySchemas.register(options.registry(), options.group(), options.writerSchema());
        return of(type, options.writerSchema(), id);
    }

    /** How many fields the {@code value} struct has. */
    public int fieldCount() {
        return type.size();
    }

    /** {@code avro/binary+<schema id>}. */
    public String contentType() {
        return contentType;
    }

    /** One value's Avro bytes; a writer (one per task) calls it from one thread. */
    public byte[] encode(InternalRow value) {
        if (records == null) {
            Schema schema = new Schema.Parser().parse(writerSchema);
            records = CatalystAvro.recordPlan(type, schema, "value");
            writer = new GenericDatumWriter<>(schema);
            bytes = new ByteArrayOutputStream();
        }
        bytes.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
        try {
            writer.write(records.write(value), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

package io.eventhubsnative.spark.avro;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;

/** {@link SchemaRegistryAvro#fromAvro}: a body and its content type to a row of the reader schema. */
final class RegistryAvroDecoder implements UDF2<byte[], String, Row> {

    private static final long serialVersionUID = 1L;

    private final RegistryAvroReader reader;
    private final boolean permissive;

    RegistryAvroDecoder(RegistryAvroReader reader, boolean permissive) {
        this.reader = reader;
        this.permissive = permissive;
    }

    @Override
    public Row call(byte[] body, String contentType) {
        if (body == null) {
            return null;
        }
        try {
            return AvroRows.row(reader.read(body, contentType));
        } catch (UndecodableEventException e) {
            if (permissive) {
                return null;
            }
            throw e.failure("Use option mode=PERMISSIVE to get null for such events instead.");
        }
    }
}

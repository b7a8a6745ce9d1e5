package io.eventhubsnative.spark.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Decoded Avro values as the external values Spark takes from a function of the type {@link AvroTypes} gives. */
final class AvroRows {

    private AvroRows() {}

    static Object toSpark(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case INT:
                return logical instanceof LogicalTypes.Date
                        ? Date.valueOf(java.time.LocalDate.ofEpochDay((Integer) value))
                        : value;
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return Timestamp.from(Instant.ofEpochMilli((Long) value));
                }
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    long micros = (Long) value;
                    return Timestamp.from(Instant.ofEpochSecond(
                            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
                }
                return value;
            case BYTES:
            case FIXED:
                byte[] bytes = value instanceof ByteBuffer
                        ? AvroCatalyst.bytes((ByteBuffer) value)
                        : ((GenericFixed) value).bytes();
                if (logical instanceof LogicalTypes.Decimal) {
                    return new BigDecimal(new BigInteger(bytes), ((LogicalTypes.Decimal) logical).getScale());
                }
                return bytes;
            case STRING:
            case ENUM:
                return value.toString();
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    items.add(toSpark(item, schema.getElementType()));
                }
                return items;
            case MAP:
                Map<String, Object> entries = new HashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    entries.put(entry.getKey().toString(), toSpark(entry.getValue(), schema.getValueType()));
                }
                return entries;
            case RECORD:
                IndexedRecord record = (IndexedRecord) value;
                Object[] fields = new Object[schema.getFields().size()];
                for (Schema.Field field : schema.getFields()) {
                    fields[field.pos()] = toSpark(record.get(field.pos()), field.schema());
                }
                return RowFactory.create(fields);
            case UNION:
                return AvroTypes.union(value, schema, AvroRows::toSpark, RowFactory::create);
            default:
                return value;
        }
    }

    static Row row(IndexedRecord record) {
        return (Row) toSpark(record, record.getSchema());
    }
}

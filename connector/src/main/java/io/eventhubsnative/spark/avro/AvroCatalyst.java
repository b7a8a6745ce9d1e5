package io.eventhubsnative.spark.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Decoded Avro values as Spark's internal values of the type {@link AvroTypes} gives, for rows a source produces
 * (no external {@code Row} and no encoder in between, as spark-avro's own deserializer does).
 */
final class AvroCatalyst {

    private AvroCatalyst() {}

    static InternalRow row(IndexedRecord record) {
        return (InternalRow) toCatalyst(record, record.getSchema());
    }

    static Object toCatalyst(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return Math.multiplyExact((Long) value, 1000L);
                }
                return value;
            case BYTES:
            case FIXED:
                byte[] bytes = value instanceof ByteBuffer ? bytes((ByteBuffer) value) : ((GenericFixed) value).bytes();
                if (logical instanceof LogicalTypes.Decimal) {
                    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
                    return Decimal.apply(
                            new BigDecimal(new BigInteger(bytes), decimal.getScale()),
                            decimal.getPrecision(),
                            decimal.getScale());
                }
                return bytes;
            case STRING:
            case ENUM:
                return UTF8String.fromString(value.toString());
            case ARRAY:
                Collection<?> items = (Collection<?>) value;
                Object[] elements = new Object[items.size()];
                int i = 0;
                for (Object item : items) {
                    elements[i++] = toCatalyst(item, schema.getElementType());
                }
                return new GenericArrayData(elements);
            case MAP:
                Map<?, ?> map = (Map<?, ?>) value;
                Object[] keys = new Object[map.size()];
                Object[] values = new Object[map.size()];
                int j = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    keys[j] = UTF8String.fromString(entry.getKey().toString());
                    values[j++] = toCatalyst(entry.getValue(), schema.getValueType());
                }
                return ArrayBasedMapData.apply(keys, values);
            case RECORD:
                IndexedRecord record = (IndexedRecord) value;
                List<Schema.Field> fields = schema.getFields();
                Object[] columns = new Object[fields.size()];
                for (Schema.Field field : fields) {
                    columns[field.pos()] = toCatalyst(record.get(field.pos()), field.schema());
                }
                return new GenericInternalRow(columns);
            case UNION:
                return AvroTypes.union(value, schema, AvroCatalyst::toCatalyst, GenericInternalRow::new);
            default:
                // int (and date: days, as Spark keeps it), boolean, float, double; timestamp-micros is Spark's unit.
                return value;
        }
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}

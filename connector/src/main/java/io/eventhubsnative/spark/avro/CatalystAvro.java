package io.eventhubsnative.spark.avro;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.util.Utf8;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's internal values as Avro values of a writer schema, planned once per (Spark type, Avro schema): building
 * the plan checks that every field fits, so a mismatch fails on the driver, naming the column, before any event is
 * sent. Struct fields match record fields by name (case-insensitive); a record field without a column takes its
 * default, and a column without a record field is an error rather than silently dropped data.
 */
final class CatalystAvro {

    /** Reads one value at {@code ordinal} of a row or an array, known not to be null. */
    interface Converter {
        Object convert(SpecializedGetters data, int ordinal);
    }

    private CatalystAvro() {}

    static Converter plan(DataType type, Schema schema, String path) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = AvroTypes.nonNullBranches(schema);
            if (branches.size() != 1) {
                throw mismatch(path, type, schema, "unions other than [\"null\", T] are not supported for writing");
            }
            return plan(type, branches.get(0), path);
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case BOOLEAN:
                return expect(type, DataTypes.BooleanType, path, schema, SpecializedGetters::getBoolean);
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    return expect(type, DataTypes.DateType, path, schema, SpecializedGetters::getInt);
                }
                if (type.equals(DataTypes.ShortType)) {
                    return (data, i) -> (int) data.getShort(i);
                }
                if (type.equals(DataTypes.ByteType)) {
                    return (data, i) -> (int) data.getByte(i);
                }
                return expect(type, DataTypes.IntegerType, path, schema, SpecializedGetters::getInt);
            case LONG:
                if (logical instanceof LogicalTypes.TimestampMillis) {
                    return expect(
                            type,
                            DataTypes.TimestampType,
                            path,
                            schema,
                            (data, i) -> Math.floorDiv(data.getLong(i), 1000L));
                }
                if (logical instanceof LogicalTypes.TimestampMicros) {
                    return expect(type, DataTypes.TimestampType, path, schema, SpecializedGetters::getLong);
                }
                if (type.equals(DataTypes.IntegerType)) {
                    return (data, i) -> (long) data.getInt(i);
                }
                return expect(type, DataTypes.LongType, path, schema, SpecializedGetters::getLong);
            case FLOAT:
                return expect(type, DataTypes.FloatType, path, schema, SpecializedGetters::getFloat);
            case DOUBLE:
                if (type.equals(DataTypes.FloatType)) {
                    return (data, i) -> (double) data.getFloat(i);
                }
                return expect(type, DataTypes.DoubleType, path, schema, SpecializedGetters::getDouble);
            case STRING:
                return expect(
                        type,
                        DataTypes.StringType,
                        path,
                        schema,
                        (data, i) -> new Utf8(data.getUTF8String(i).getBytes()));
            case ENUM:
                return expect(type, DataTypes.StringType, path, schema, (data, i) -> enumSymbol(data, i, schema, path));
            case BYTES:
            case FIXED:
                return bytes(type, schema, path);
            case ARRAY:
                if (!(type instanceof ArrayType)) {
                    throw mismatch(path, type, schema, null);
                }
                return array(((ArrayType) type).elementType(), schema.getElementType(), path + "[]");
            case MAP:
                if (!(type instanceof MapType) || !((MapType) type).keyType().equals(DataTypes.StringType)) {
                    throw mismatch(path, type, schema, "an Avro map takes a map with string keys");
                }
                return map(((MapType) type).valueType(), schema.getValueType(), path);
            case RECORD:
                if (!(type instanceof StructType)) {
                    throw mismatch(path, type, schema, null);
                }
                return record((StructType) type, schema, path);
            default:
                throw mismatch(path, type, schema, null);
        }
    }

    /** A whole row of {@code type} as a record of {@code schema}. */
    static RecordWriter recordPlan(StructType type, Schema schema, String path) {
        return new RecordWriter(type, schema, path);
    }

    /** The fields of one record, each from its column or its default. */
    static final class RecordWriter {
        private final Schema schema;
        private final int[] columns;
        private final Converter[] converters;
        private final Object[] defaults;
        private final String[] paths;

        RecordWriter(StructType type, Schema schema, String path) {
            this.schema = schema;
            List<Schema.Field> fields = schema.getFields();
            this.columns = new int[fields.size()];
            this.converters = new Converter[fields.size()];
            this.defaults = new Object[fields.size()];
            this.paths = new String[fields.size()];
            Map<String, Integer> byName = new HashMap<>();
            StructField[] columnsOfType = type.fields();
            for (int c = 0; c < columnsOfType.length; c++) {
                byName.put(columnsOfType[c].name().toLowerCase(Locale.ROOT), c);
            }
            List<String> used = new ArrayList<>();
            for (Schema.Field field : fields) {
                int pos = field.pos();
                paths[pos] = path + "." + field.name();
                Integer column = byName.get(field.name().toLowerCase(Locale.ROOT));
                if (column == null) {
                    if (!field.hasDefaultValue()) {
                        throw new IllegalArgumentException("Column " + path + " has no field '" + field.name()
                                + "', and the writer schema's field '" + field.name()
                                + "' has no default: add the field to the struct, or a default to the schema.");
                    }
                    columns[pos] = -1;
                    defaults[pos] = GenericData.get().getDefaultValue(field);
                    continue;
                }
                used.add(columnsOfType[column].name().toLowerCase(Locale.ROOT));
                columns[pos] = column;
                converters[pos] = plan(columnsOfType[column].dataType(), field.schema(), paths[pos]);
                defaults[pos] = nullable(field.schema()) ? null : NOT_NULL;
            }
            for (StructField column : columnsOfType) {
                if (!used.contains(column.name().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("Column " + path + "." + column.name()
                            + " is not a field of the writer schema " + schema.getFullName()
                            + ", so it would be lost: drop it, or add the field to the schema.");
                }
            }
        }

        GenericData.Record write(InternalRow row) {
            GenericData.Record record = new GenericData.Record(schema);
            for (int pos = 0; pos < columns.length; pos++) {
                int column = columns[pos];
                if (column < 0) {
                    record.put(pos, defaults[pos]);
                } else if (row.isNullAt(column)) {
                    if (defaults[pos] == NOT_NULL) {
                        throw new IllegalArgumentException("Column " + paths[pos]
                                + " is null, but the writer schema's field does not allow null (make its type a "
                                + "union with \"null\", or fill the column).");
                    }
                    record.put(pos, null);
                } else {
                    record.put(pos, converters[pos].convert(row, column));
                }
            }
            return record;
        }
    }

    private static final Object NOT_NULL = new Object();

    private static Converter record(StructType type, Schema schema, String path) {
        RecordWriter writer = new RecordWriter(type, schema, path);
        int fields = type.size();
        return (data, i) -> writer.write(data.getStruct(i, fields));
    }

    private static Converter array(DataType elementType, Schema elementSchema, String path) {
        Converter element = plan(elementType, elementSchema, path);
        boolean nullable = nullable(elementSchema);
        return (data, i) -> {
            ArrayData items = data.getArray(i);
            List<Object> values = new ArrayList<>(items.numElements());
            for (int k = 0; k < items.numElements(); k++) {
                values.add(items.isNullAt(k) ? nullOrFail(nullable, path) : element.convert(items, k));
            }
            return values;
        };
    }

    private static Converter map(DataType valueType, Schema valueSchema, String path) {
        Converter value = plan(valueType, valueSchema, path + "[value]");
        boolean nullable = nullable(valueSchema);
        return (data, i) -> {
            MapData entries = data.getMap(i);
            ArrayData keys = entries.keyArray();
            ArrayData values = entries.valueArray();
            Map<Utf8, Object> map = new HashMap<>();
            for (int k = 0; k < entries.numElements(); k++) {
                map.put(
                        new Utf8(keys.getUTF8String(k).getBytes()),
                        values.isNullAt(k) ? nullOrFail(nullable, path) : value.convert(values, k));
            }
            return map;
        };
    }

    private static Converter bytes(DataType type, Schema schema, String path) {
        LogicalType logical = schema.getLogicalType();
        boolean fixed = schema.getType() == Schema.Type.FIXED;
        if (logical instanceof LogicalTypes.Decimal) {
            LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
            if (!(type instanceof DecimalType) || ((DecimalType) type).scale() != decimal.getScale()) {
                throw mismatch(path, type, schema, "a decimal of scale " + decimal.getScale() + " is expected");
            }
            int precision = ((DecimalType) type).precision();
            return (data, i) -> {
                byte[] unscaled = data.getDecimal(i, precision, decimal.getScale())
                        .toJavaBigDecimal()
                        .unscaledValue()
                        .toByteArray();
                return fixed
                        ? new GenericData.Fixed(schema, signExtended(unscaled, schema.getFixedSize(), path))
                        : ByteBuffer.wrap(unscaled);
            };
        }
        if (!type.equals(DataTypes.BinaryType)) {
            throw mismatch(path, type, schema, null);
        }
        if (!fixed) {
            return (data, i) -> ByteBuffer.wrap(data.getBinary(i));
        }
        return (data, i) -> {
            byte[] value = data.getBinary(i);
            if (value.length != schema.getFixedSize()) {
                throw new IllegalArgumentException("Column " + path + " has " + value.length
                        + " bytes, but the writer schema's fixed type takes " + schema.getFixedSize());
            }
            return new GenericData.Fixed(schema, value);
        };
    }

    private static byte[] signExtended(byte[] unscaled, int size, String path) {
        if (unscaled.length > size) {
            throw new IllegalArgumentException(
                    "Column " + path + " does not fit the writer schema's fixed(" + size + ") decimal");
        }
        byte[] bytes = new byte[size];
        byte pad = unscaled[0] < 0 ? (byte) -1 : 0;
        for (int k = 0; k < size - unscaled.length; k++) {
            bytes[k] = pad;
        }
        System.arraycopy(unscaled, 0, bytes, size - unscaled.length, unscaled.length);
        return bytes;
    }

    private static Object enumSymbol(SpecializedGetters data, int i, Schema schema, String path) {
        String symbol = data.getUTF8String(i).toString();
        if (!schema.hasEnumSymbol(symbol)) {
            throw new IllegalArgumentException("Column " + path + " is '" + symbol + "', which is not a symbol of "
                    + schema.getFullName() + " " + schema.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(schema, symbol);
    }

    private static Object nullOrFail(boolean nullable, String path) {
        if (!nullable) {
            throw new IllegalArgumentException("Column " + path + " holds a null, but the writer schema does not allow"
                    + " null there (make the type a union with \"null\").");
        }
        return null;
    }

    private static boolean nullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION
                        && AvroTypes.nonNullBranches(schema).size()
                                < schema.getTypes().size());
    }

    private static Converter expect(DataType type, DataType expected, String path, Schema schema, Converter read) {
        if (!type.equals(expected)) {
            throw mismatch(path, type, schema, null);
        }
        return read;
    }

    private static IllegalArgumentException mismatch(String path, DataType type, Schema schema, String why) {
        return new IllegalArgumentException("Column " + path + " is " + type.simpleString()
                + ", which the writer schema's " + schema.getType().getName()
                + (schema.getLogicalType() == null
                        ? ""
                        : " (" + schema.getLogicalType().getName() + ")")
                + " cannot take" + (why == null ? "" : ": " + why) + ". Cast the column, or change the schema.");
    }
}

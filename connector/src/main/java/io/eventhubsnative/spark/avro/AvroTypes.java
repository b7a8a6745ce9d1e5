package io.eventhubsnative.spark.avro;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Avro schemas as Spark types, by spark-avro's mapping (so a column reads as {@code from_avro} would give it): records
 * are structs, a union with null is its other branch made nullable, other unions are structs of {@code member0..n},
 * enums strings, fixed and bytes binary, and the logical types date, timestamp-millis/micros and decimal.
 */
final class AvroTypes {

    /** A Spark type and whether it may be null. */
    static final class Mapped {
        final DataType type;
        final boolean nullable;

        Mapped(DataType type, boolean nullable) {
            this.type = type;
            this.nullable = nullable;
        }
    }

    private AvroTypes() {}

    static Mapped toSpark(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case NULL:
                return new Mapped(DataTypes.NullType, true);
            case BOOLEAN:
                return new Mapped(DataTypes.BooleanType, false);
            case INT:
                return new Mapped(
                        logical instanceof LogicalTypes.Date ? DataTypes.DateType : DataTypes.IntegerType, false);
            case LONG:
                return new Mapped(
                        logical instanceof LogicalTypes.TimestampMillis
                                        || logical instanceof LogicalTypes.TimestampMicros
                                ? DataTypes.TimestampType
                                : DataTypes.LongType,
                        false);
            case FLOAT:
                return new Mapped(DataTypes.FloatType, false);
            case DOUBLE:
                return new Mapped(DataTypes.DoubleType, false);
            case BYTES:
            case FIXED:
                if (logical instanceof LogicalTypes.Decimal) {
                    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
                    return new Mapped(DataTypes.createDecimalType(decimal.getPrecision(), decimal.getScale()), false);
                }
                return new Mapped(DataTypes.BinaryType, false);
            case STRING:
            case ENUM:
                return new Mapped(DataTypes.StringType, false);
            case ARRAY:
                Mapped element = toSpark(schema.getElementType());
                return new Mapped(DataTypes.createArrayType(element.type, element.nullable), false);
            case MAP:
                Mapped value = toSpark(schema.getValueType());
                return new Mapped(DataTypes.createMapType(DataTypes.StringType, value.type, value.nullable), false);
            case RECORD:
                List<StructField> fields = new ArrayList<>();
                for (Schema.Field field : schema.getFields()) {
                    Mapped mapped = toSpark(field.schema());
                    fields.add(DataTypes.createStructField(field.name(), mapped.type, mapped.nullable));
                }
                return new Mapped(DataTypes.createStructType(fields), false);
            case UNION:
                return union(schema);
            default:
                throw new IllegalArgumentException("Avro type " + schema.getType() + " has no Spark type");
        }
    }

    private static Mapped union(Schema schema) {
        List<Schema> branches = nonNullBranches(schema);
        boolean nullable = branches.size() < schema.getTypes().size();
        if (branches.size() == 1) {
            return new Mapped(toSpark(branches.get(0)).type, nullable);
        }
        List<StructField> members = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            members.add(DataTypes.createStructField("member" + i, toSpark(branches.get(i)).type, true));
        }
        return new Mapped(DataTypes.createStructType(members), nullable);
    }

    /**
     * A union's value converted as its branch: {@code ["null", T]} as a T, other unions as a struct of
     * {@code member0..n} with the branch's member set.
     */
    static Object union(
            Object value, Schema union, BiFunction<Object, Schema, Object> convert, Function<Object[], Object> struct) {
        List<Schema> branches = nonNullBranches(union);
        Schema branch = union.getTypes().get(GenericData.get().resolveUnion(union, value));
        if (branches.size() == 1) {
            return convert.apply(value, branch);
        }
        Object[] members = new Object[branches.size()];
        members[branches.indexOf(branch)] = convert.apply(value, branch);
        return struct.apply(members);
    }

    static List<Schema> nonNullBranches(Schema union) {
        List<Schema> branches = new ArrayList<>();
        for (Schema branch : union.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                branches.add(branch);
            }
        }
        return branches;
    }
}

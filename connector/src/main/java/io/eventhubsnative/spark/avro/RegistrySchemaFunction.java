package io.eventhubsnative.spark.avro;

import io.eventhubsnative.spark.config.RegistryOptions;
import org.apache.avro.Schema;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One registered schema as a function ({@link SchemaRegistryCatalog}): bound to a binary (and a content type) it
 * decodes, bound to a struct it encodes. The newest version is asked once, when the query is analysed on the driver.
 */
final class RegistrySchemaFunction implements UnboundFunction {

    private static final long serialVersionUID = 1L;

    private final RegistryOptions registry;
    private final String group;
    private final String schemaName;

    RegistrySchemaFunction(RegistryOptions registry, String group, String schemaName) {
        this.registry = registry;
        this.group = group;
        this.schemaName = schemaName;
    }

    @Override
    public String name() {
        return group + "." + schemaName;
    }

    @Override
    public String description() {
        return name() + "(body binary[, contentType string]): the event decoded as the newest version of "
                + schemaName + "; " + name() + "(value struct): the struct encoded as that version,"
                + " struct<body binary, contentType string>";
    }

    @Override
    public BoundFunction bind(StructType inputType) {
        DataType first = inputType.size() == 0 ? null : inputType.fields()[0].dataType();
        boolean decoding = DataTypes.BinaryType.equals(first)
                && (inputType.size() == 1
                        || (inputType.size() == 2 && DataTypes.StringType.equals(inputType.fields()[1].dataType())));
        if (!decoding && !(first instanceof StructType && inputType.size() == 1)) {
            throw new UnsupportedOperationException(name() + " takes a binary body and its content type, e.g. "
                    + name() + "(body, systemProperties['content-type']), or one struct to encode, but got "
                    + inputType.simpleString());
        }
        String schema = RegistrySchemas.latest(registry, group, schemaName);
        if (decoding) {
            return new Decode(name(), new RegistryAvroReader(registry, schema), inputType);
        }
        CatalystAvro.recordPlan((StructType) first, new Schema.Parser().parse(schema), "value");
        String id = RegistrySchemas.register(registry, group, schema);
        return new Encode(name(), (StructType) first, schema, id);
    }

    /** Binary to the reader schema's struct; an event that cannot be read fails naming its schema id. */
    private static final class Decode implements ScalarFunction<InternalRow> {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final RegistryAvroReader reader;
        private final StructType inputType;
        private final StructType resultType;

        Decode(String name, RegistryAvroReader reader, StructType inputType) {
            this.name = name;
            this.reader = reader;
            this.inputType = inputType;
            this.resultType = (StructType) AvroTypes.toSpark(reader.readerSchema()).type;
        }

        @Override
        public InternalRow produceResult(InternalRow input) {
            if (input.isNullAt(0)) {
                return null;
            }
            String contentType = input.numFields() > 1 && !input.isNullAt(1)
                    ? input.getUTF8String(1).toString()
                    : null;
            try {
                return AvroCatalyst.row(reader.read(input.getBinary(0), contentType));
            } catch (UndecodableEventException e) {
                throw e.failure("To keep such events, read with option eventhubs.schemaRegistry.mode=PERMISSIVE.");
            }
        }

        @Override
        public DataType[] inputTypes() {
            return inputType.size() == 1
                    ? new DataType[] {DataTypes.BinaryType}
                    : new DataType[] {DataTypes.BinaryType, DataTypes.StringType};
        }

        @Override
        public DataType resultType() {
            return resultType;
        }

        @Override
        public String name() {
            return name;
        }
    }

    /** A struct to {@code struct<body, contentType>} in the registry's wire format. */
    private static final class Encode implements ScalarFunction<InternalRow> {
        private static final long serialVersionUID = 1L;
        private static final StructType RESULT = new StructType()
                .add("body", DataTypes.BinaryType, false)
                .add("contentType", DataTypes.StringType, false);

        private final String name;
        private final StructType valueType;
        private final ValueEncoder encoder;
        private final UTF8String contentType;

        Encode(String name, StructType valueType, String schema, String id) {
            this.name = name;
            this.valueType = valueType;
            this.encoder = ValueEncoder.of(valueType, schema, id);
            this.contentType = UTF8String.fromString(encoder.contentType());
        }

        @Override
        public InternalRow produceResult(InternalRow input) {
            if (input.isNullAt(0)) {
                return null;
            }
            return new GenericInternalRow(
                    new Object[] {encoder.encode(input.getStruct(0, valueType.size())), contentType});
        }

        @Override
        public DataType[] inputTypes() {
            return new DataType[] {valueType};
        }

        @Override
        public DataType resultType() {
            return RESULT;
        }

        @Override
        public String name() {
            return name;
        }
    }
}

package io.eventhubsnative.spark.write;

import io.eventhubsnative.spark.avro.ValueEncoder;
import io.eventhubsnative.spark.config.EncodeOptions;
import io.eventhubsnative.spark.config.OptionKeys;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns the sink takes, checked once on the driver against the query's schema (names case-insensitive):
 * {@code body} binary or string (required), {@code partitionId} string, {@code partitionKey} string,
 * {@code properties} map&lt;string,string&gt;, {@code contentType} string (the AMQP content type, e.g. the Schema
 * Registry's {@code avro/binary+<schema id>}). Any other column is an error, so a typo or a column that would be
 * silently dropped (such as the read schema's {@code partition}) never goes unnoticed.
 */
public final class WriteSchema implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String BODY = "body";
    public static final String PARTITION_ID = "partitionId";
    public static final String PARTITION_KEY = "partitionKey";
    public static final String PROPERTIES = "properties";
    public static final String CONTENT_TYPE = "contentType";
    /** With encoding on write: the struct the sink encodes as the body. */
    public static final String VALUE = "value";

    static final String ACCEPTED = "body (binary or string, required), partitionId (string), partitionKey (string), "
            + "properties (map<string,string>), contentType (string)";
    private static final String EXAMPLE = "Example: df.selectExpr(\"to_json(struct(*)) AS body\")"
            + ".write.format(\"eventhubs-native\")...; a DataFrame read from eventhubs-native can be written back with "
            + "df.select(\"body\", \"properties\")";
    private static final MapType STRING_MAP = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType);

    private final int body;
    private final boolean bodyIsString;
    private final int partitionId;
    private final int partitionKey;
    private final int properties;
    private final int contentType;
    private final ValueEncoder encoder;

    private WriteSchema(
            int body,
            boolean bodyIsString,
            int partitionId,
            int partitionKey,
            int properties,
            int contentType,
            ValueEncoder encoder) {
        this.encoder = encoder;
        this.body = body;
        this.bodyIsString = bodyIsString;
        this.partitionId = partitionId;
        this.partitionKey = partitionKey;
        this.properties = properties;
        this.contentType = contentType;
    }

    /**
     * Checks {@code schema} and remembers where each column is.
     *
     * @throws IllegalArgumentException naming the missing, mistyped or unknown columns, with the accepted ones
     */
    public static WriteSchema of(StructType schema) {
        return of(schema, null);
    }

    /**
     * As {@link #of(StructType)}; with {@code encode}, a {@code value} struct column takes the place of {@code body}
     * and is checked against the writer schema, which is registered (on the driver, once per query).
     *
     * @throws IllegalArgumentException naming the missing, mistyped or unknown columns, with the accepted ones
     */
    public static WriteSchema of(StructType schema, EncodeOptions encode) {
        int body = -1;
        ValueEncoder encoder = null;
        boolean bodyIsString = false;
        int partitionId = -1;
        int partitionKey = -1;
        int properties = -1;
        int contentType = -1;
        List<String> unknown = new ArrayList<>();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            StructField field = fields[i];
            String name = field.name().toLowerCase(Locale.ROOT);
            DataType type = field.dataType();
            if (name.equals(BODY.toLowerCase(Locale.ROOT))) {
                body = checkUnique(body, i, field);
                if (type.equals(DataTypes.StringType)) {
                    bodyIsString = true;
                } else if (!type.equals(DataTypes.BinaryType)) {
                    throw wrongType(field, "binary or string");
                }
            } else if (name.equals(VALUE) && encode != null) {
                body = checkUnique(body, i, field);
                if (!(type instanceof StructType)) {
                    throw wrongType(field, "a struct (the record of the writer schema)");
                }
                encoder = ValueEncoder.register(encode, (StructType) type);
            } else if (name.equals(PARTITION_ID.toLowerCase(Locale.ROOT))) {
                partitionId = checkUnique(partitionId, i, field);
                checkType(field, DataTypes.StringType, "string");
            } else if (name.equals(PARTITION_KEY.toLowerCase(Locale.ROOT))) {
                partitionKey = checkUnique(partitionKey, i, field);
                checkType(field, DataTypes.StringType, "string");
            } else if (name.equals(PROPERTIES.toLowerCase(Locale.ROOT))) {
                properties = checkUnique(properties, i, field);
                if (!(type instanceof MapType)
                        || !((MapType) type).keyType().equals(DataTypes.StringType)
                        || !((MapType) type).valueType().equals(DataTypes.StringType)) {
                    throw wrongType(field, "map<string,string>");
                }
            } else if (name.equals(CONTENT_TYPE.toLowerCase(Locale.ROOT))) {
                contentType = checkUnique(contentType, i, field);
                checkType(field, DataTypes.StringType, "string");
            } else {
                unknown.add(field.name());
            }
        }
        if (encode != null && (encoder == null || contentType >= 0)) {
            throw new IllegalArgumentException("With option '" + OptionKeys.SCHEMA_REGISTRY_WRITER_SCHEMA
                    + "' the sink encodes a struct column 'value' as Avro and sets the content type itself; the "
                    + "columns given are " + java.util.Arrays.toString(schema.fieldNames())
                    + ". Example: df.select(struct(\"device\", \"temperature\").alias(\"value\"))");
        }
        if (body < 0) {
            throw new IllegalArgumentException(
                    "eventhubs-native needs a column 'body' (binary or string) to write; the "
                            + "columns given are " + java.util.Arrays.toString(schema.fieldNames())
                            + ". The sink takes " + ACCEPTED
                            + ". " + EXAMPLE);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("eventhubs-native cannot write the column(s) " + unknown
                    + ": the sink takes only " + ACCEPTED + ". Select or drop columns before writing. " + EXAMPLE);
        }
        return new WriteSchema(body, bodyIsString, partitionId, partitionKey, properties, contentType, encoder);
    }

    private static int checkUnique(int previous, int index, StructField field) {
        if (previous >= 0) {
            throw new IllegalArgumentException("eventhubs-native got the column '" + field.name() + "' twice (column "
                    + "names are case-insensitive). " + EXAMPLE);
        }
        return index;
    }

    private static void checkType(StructField field, DataType expected, String expectedName) {
        if (!field.dataType().equals(expected)) {
            throw wrongType(field, expectedName);
        }
    }

    private static IllegalArgumentException wrongType(StructField field, String expected) {
        return new IllegalArgumentException("eventhubs-native: column '" + field.name() + "' must be " + expected
                + ", not " + field.dataType().simpleString() + " (cast it, e.g. col(\"" + field.name() + "\").cast(\""
                + (expected.startsWith("binary") ? "string" : expected) + "\")). The sink takes " + ACCEPTED + ". "
                + EXAMPLE);
    }

    /** The encoder of the {@code value} column that {@link #body()} then points at, or null. */
    ValueEncoder encoder() {
        return encoder;
    }

    int body() {
        return body;
    }

    boolean bodyIsString() {
        return bodyIsString;
    }

    /** Column index, or -1 when absent. */
    int partitionId() {
        return partitionId;
    }

    int partitionKey() {
        return partitionKey;
    }

    int properties() {
        return properties;
    }

    /** Column index, or -1 when absent. */
    int contentType() {
        return contentType;
    }
}

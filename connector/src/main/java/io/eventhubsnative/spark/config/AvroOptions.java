package io.eventhubsnative.spark.config;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Checks of what users give for Avro: a record schema in JSON (rows are structs) and the decoding mode. */
public final class AvroOptions {

    private static final String EXAMPLE = "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"com.contoso\","
            + "\"fields\":[{\"name\":\"device\",\"type\":\"string\"}]}";

    private AvroOptions() {}

    /**
     * {@code json} parsed, when it is an Avro record schema.
     *
     * @param subject what the text is, as the message names it: "Option 'eventhubs.schemaRegistry.readerSchema'"
     * @throws IllegalArgumentException naming {@code subject}, with an example
     */
    public static Schema recordSchema(String subject, String json) {
        if (json == null) {
            throw new IllegalArgumentException(
                    subject + " is missing: give an Avro record schema in JSON, e.g. " + EXAMPLE);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(json);
        } catch (SchemaParseException e) {
            throw new IllegalArgumentException(
                    subject + " must be an Avro schema in JSON, e.g. " + EXAMPLE + ", but it does not parse: "
                            + e.getMessage(),
                    e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(subject + " must be an Avro record schema in JSON (rows are structs),"
                    + " e.g. " + EXAMPLE + ", but it is a " + schema.getType().getName() + ".");
        }
        return schema;
    }

    /**
     * Whether the decoding mode {@code mode} (null for the default) is PERMISSIVE rather than FAILFAST.
     *
     * @throws IllegalArgumentException naming {@code option}
     */
    public static boolean permissive(String option, String mode) {
        if (mode == null || mode.equalsIgnoreCase("FAILFAST")) {
            return false;
        }
        if (mode.toUpperCase(Locale.ROOT).equals("PERMISSIVE")) {
            return true;
        }
        throw new IllegalArgumentException(
                "Option '" + option + "' must be FAILFAST (the default) or PERMISSIVE, but" + " got '" + mode + "'.");
    }
}

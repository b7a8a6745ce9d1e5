package io.eventhubsnative.spark.config;

import java.io.Serializable;

/**
 * Encoding on write: the sink takes a {@code value} struct column instead of {@code body} and writes it as Avro of
 * {@code eventhubs.schemaRegistry.writerSchema}, registered (or found, when already there) in the Schema Registry
 * group {@code eventhubs.schemaRegistry.schemaGroup}, with the content type {@code avro/binary+<schema id>} that the
 * official deserializers and decoding on read expect.
 */
public final class EncodeOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RegistryOptions registry;
    private final String writerSchema;
    private final String group;

    private EncodeOptions(RegistryOptions registry, String writerSchema, String group) {
        this.registry = registry;
        this.writerSchema = writerSchema;
        this.group = group;
    }

    /**
     * The encoding the options ask for, or null when they ask for none.
     *
     * @throws IllegalArgumentException naming the option to fix
     */
    static EncodeOptions parse(OptionReader options) {
        String schema = options.string(OptionKeys.SCHEMA_REGISTRY_WRITER_SCHEMA);
        if (schema == null) {
            return null;
        }
        String group = options.string(OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP);
        if (group == null) {
            throw new IllegalArgumentException("Option '" + OptionKeys.SCHEMA_REGISTRY_WRITER_SCHEMA
                    + "' needs the Schema Registry group to register it in: .option(\""
                    + OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP + "\", \"telemetry\")");
        }
        AvroOptions.recordSchema("Option '" + OptionKeys.SCHEMA_REGISTRY_WRITER_SCHEMA + "'", schema);
        return new EncodeOptions(new RegistryOptions(options), schema, group);
    }

    public RegistryOptions registry() {
        return registry;
    }

    /** The writer schema's JSON text. */
    public String writerSchema() {
        return writerSchema;
    }

    public String group() {
        return group;
    }

    @Override
    public String toString() {
        return "encode=Avro(group=" + group + ", " + registry + ")";
    }
}

package io.eventhubsnative.spark.config;

import java.io.Serializable;

/**
 * Decoding on read: every event of the hub is Avro of the Schema Registry, read into a {@code value} column as the
 * reader schema given ({@code eventhubs.schemaRegistry.readerSchema}) or registered newest under a name
 * ({@code schemaGroup} and {@code schemaName}, asked once, on the driver, when the query starts: all its tasks read
 * alike). {@code mode} says what an undecodable event does: fail the query ({@code FAILFAST}), or give a null value
 * and the reason in {@code valueError} ({@code PERMISSIVE}).
 */
public final class DecodeOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RegistryOptions registry;
    private final String readerSchema;
    private final String group;
    private final String name;
    private final boolean permissive;

    private DecodeOptions(
            RegistryOptions registry, String readerSchema, String group, String name, boolean permissive) {
        this.registry = registry;
        this.readerSchema = readerSchema;
        this.group = group;
        this.name = name;
        this.permissive = permissive;
    }

    /**
     * The decoding the options ask for, or null when they ask for none. A reader schema named by group and name is
     * still to be looked up ({@link #withReaderSchema}).
     *
     * @throws IllegalArgumentException naming the option to fix
     */
    static DecodeOptions parse(OptionReader options) {
        String given = options.string(OptionKeys.SCHEMA_REGISTRY_READER_SCHEMA);
        String group = options.string(OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP);
        String name = options.string(OptionKeys.SCHEMA_REGISTRY_SCHEMA_NAME);
        boolean permissive = AvroOptions.permissive(
                OptionKeys.SCHEMA_REGISTRY_MODE, options.string(OptionKeys.SCHEMA_REGISTRY_MODE));
        // A group alone beside a writer schema is where the sink registers it: no decoding asked.
        boolean groupForWriting = options.isSet(OptionKeys.SCHEMA_REGISTRY_WRITER_SCHEMA) && name == null;
        if (given == null && name == null && (group == null || groupForWriting)) {
            if (options.isSet(OptionKeys.SCHEMA_REGISTRY_MODE)) {
                throw new IllegalArgumentException("Option '" + OptionKeys.SCHEMA_REGISTRY_MODE
                        + "' applies to decoding on read: set '" + OptionKeys.SCHEMA_REGISTRY_READER_SCHEMA
                        + "', or '" + OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP + "' and '"
                        + OptionKeys.SCHEMA_REGISTRY_SCHEMA_NAME + "', too.");
            }
            return null;
        }
        if (given != null && (group != null || name != null)) {
            throw new IllegalArgumentException("Options '" + OptionKeys.SCHEMA_REGISTRY_READER_SCHEMA + "' and '"
                    + (group != null ? OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP : OptionKeys.SCHEMA_REGISTRY_SCHEMA_NAME)
                    + "' conflict: give the reader schema, or the group and name of a registered one, not both.");
        }
        if (given == null && (group == null || name == null)) {
            throw new IllegalArgumentException("Options '" + OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP + "' and '"
                    + OptionKeys.SCHEMA_REGISTRY_SCHEMA_NAME + "' go together, e.g. .option(\""
                    + OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP + "\", \"telemetry\").option(\""
                    + OptionKeys.SCHEMA_REGISTRY_SCHEMA_NAME + "\", \"com.contoso.Reading\")");
        }
        RegistryOptions registry = new RegistryOptions(options);
        if (given != null) {
            AvroOptions.recordSchema("Option '" + OptionKeys.SCHEMA_REGISTRY_READER_SCHEMA + "'", given);
        }
        return new DecodeOptions(registry, given, group, name, permissive);
    }

    public RegistryOptions registry() {
        return registry;
    }

    /**
     * The reader schema's JSON text.
     *
     * @throws IllegalStateException when it is named by group and name and was not looked up yet
     */
    public String readerSchema() {
        if (readerSchema == null) {
            throw new IllegalStateException("The reader schema " + group + "/" + name + " was not looked up");
        }
        return readerSchema;
    }

    /** Whether the reader schema is named ({@link #group()}, {@link #name()}) and still to be looked up. */
    public boolean needsLookup() {
        return readerSchema == null;
    }

    public String group() {
        return group;
    }

    public String name() {
        return name;
    }

    /** These options with the named reader schema's text, looked up on the driver when the query starts. */
    public DecodeOptions withReaderSchema(String json) {
        return new DecodeOptions(registry, json, group, name, permissive);
    }

    public boolean permissive() {
        return permissive;
    }

    @Override
    public String toString() {
        return "decode=Avro(readerSchema=" + (group == null ? "given" : group + "/" + name) + ", mode="
                + (permissive ? "PERMISSIVE" : "FAILFAST") + ", " + registry + ")";
    }
}

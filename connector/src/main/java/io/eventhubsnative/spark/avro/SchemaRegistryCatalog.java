package io.eventhubsnative.spark.avro;

import io.eventhubsnative.spark.config.RegistryOptions;
import java.util.Arrays;
import org.apache.spark.sql.connector.catalog.FunctionCatalog;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The Schema Registry's schemas as SQL functions, for SQL, PySpark ({@code expr}) and Spark Connect clients alike:
 *
 * <pre>
 * spark.sql.catalog.registry=io.eventhubsnative.spark.avro.SchemaRegistryCatalog
 * spark.sql.catalog.registry.eventhubs.namespace=myns.servicebus.windows.net   (and eventhubs.auth, ... as for a hub)
 *
 * SELECT registry.telemetry.`com.contoso.Reading`(body, systemProperties['content-type']) AS reading FROM events
 * SELECT registry.telemetry.`com.contoso.Reading`(named_struct('device', device, ...)) AS event FROM readings
 * </pre>
 *
 * <p>The namespace is the schema group, the function name the schema's full name; its newest version is the reader
 * schema of a binary argument (decoded by the schema id each event carries, as decoding on read does) and the writer
 * schema of a struct argument (encoded into {@code body} and {@code contentType}, the columns the sink takes).
 */
public final class SchemaRegistryCatalog implements FunctionCatalog {

    private String name;
    private RegistryOptions registry;

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.name = name;
        this.registry = RegistryOptions.parse(options);
    }

    @Override
    public String name() {
        return name;
    }

    /** The registry cannot list a group's schemas, so none are listed; each loads by its name. */
    @Override
    public Identifier[] listFunctions(String[] namespace) {
        return new Identifier[0];
    }

    @Override
    public UnboundFunction loadFunction(Identifier ident) {
        if (ident.namespace().length != 1) {
            throw new IllegalArgumentException("Schema Registry functions are named <catalog>.<schema group>.`<schema"
                    + " name>`, e.g. " + name
                    + ".telemetry.`com.contoso.Reading`(body, systemProperties['content-type'])"
                    + ", but got " + name + "." + String.join(".", Arrays.asList(ident.namespace())) + "."
                    + ident.name());
        }
        return new RegistrySchemaFunction(registry, ident.namespace()[0], ident.name());
    }
}

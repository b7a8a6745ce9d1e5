package io.eventhubsnative.spark.avro;

import io.eventhubsnative.spark.config.AvroOptions;
import io.eventhubsnative.spark.config.RegistryOptions;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;

/**
 * Events written by the Azure Schema Registry's Avro serializers, as Spark rows:
 *
 * <pre>{@code
 * Column reading = SchemaRegistryAvro.fromAvro(
 *     col("body"), col("systemProperties").getItem("content-type"), readerSchemaJson, options);
 * }</pre>
 *
 * <p>{@code options} are the hub's (the registry is the namespace's and signs in the same way), plus {@code mode}:
 * {@code FAILFAST} (the default) fails on an event that cannot be decoded, naming its schema id; {@code PERMISSIVE}
 * gives null.
 */
public final class SchemaRegistryAvro {

    private SchemaRegistryAvro() {}

    /**
     * The events' bodies decoded by the schema id each carries, read as {@code readerSchema} (Avro's resolution
     * rules), as a struct of spark-avro's types.
     *
     * @throws IllegalArgumentException naming the option or argument to fix
     */
    public static Column fromAvro(Column body, Column contentType, String readerSchema, Map<String, String> options) {
        RegistryOptions registry = RegistryOptions.parse(options);
        Schema reader = AvroOptions.recordSchema("The reader schema", readerSchema);
        UserDefinedFunction decode = functions.udf(
                new RegistryAvroDecoder(new RegistryAvroReader(registry, readerSchema), permissive(options)),
                AvroTypes.toSpark(reader).type);
        return decode.apply(body, contentType);
    }

    private static boolean permissive(Map<String, String> options) {
        String mode = null;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equalsIgnoreCase("mode")) {
                mode = option.getValue();
            }
        }
        return AvroOptions.permissive("mode", mode);
    }
}

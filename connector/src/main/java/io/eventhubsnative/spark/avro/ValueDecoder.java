package io.eventhubsnative.spark.avro;

import io.eventhubsnative.spark.config.DecodeOptions;
import io.eventhubsnative.spark.config.EventHubsOptions;
import org.apache.avro.Schema;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/** Decoding on read ({@link DecodeOptions}): an event body to the {@code value} column's internal row. */
public final class ValueDecoder {

    private final RegistryAvroReader reader;

    public ValueDecoder(DecodeOptions options) {
        this.reader = new RegistryAvroReader(options.registry(), options.readerSchema());
    }

    /**
     * The options with their reader schema looked up when it is named by group and name (the newest version): once,
     * on the driver, when the query starts, so every task reads with the same schema.
     *
     * @throws IllegalArgumentException when the registry has no such schema, naming the options
     */
    public static EventHubsOptions lookUpReaderSchema(EventHubsOptions options) {
        DecodeOptions decode = options.decode();
        if (decode == null || !decode.needsLookup()) {
            return options;
        }
        return options.withDecode(
                decode.withReaderSchema(RegistrySchemas.latest(decode.registry(), decode.group(), decode.name())));
    }

    /** The {@code value} column's type: the reader schema by spark-avro's mapping. */
    public static StructType type(DecodeOptions options) {
        return (StructType) AvroTypes.toSpark(new Schema.Parser().parse(options.readerSchema())).type;
    }

    /**
     * The body read as the reader schema.
     *
     * @throws UndecodableEventException saying why (its message completes "Could not decode an event ...")
     */
    public InternalRow decode(byte[] body, String contentType) {
        return AvroCatalyst.row(reader.read(body, contentType));
    }
}

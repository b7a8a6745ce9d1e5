package io.eventhubsnative.spark;

import io.eventhubsnative.spark.auth.TokenCredentials;
import io.eventhubsnative.spark.avro.ValueDecoder;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.read.EventSchema;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** {@code format("eventhubs-native")}: Azure Event Hubs as a Spark table. */
public final class EventHubsSourceProvider implements TableProvider, DataSourceRegister {

    public static final String SHORT_NAME = "eventhubs-native";

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        SparkLine.check();
        return EventSchema.of(ValueDecoder.lookUpReaderSchema(EventHubsOptions.parse(options)));
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        SparkLine.check();
        // Validate at load()/start(): a bad option fails there, naming the option, not later in a task.
        EventHubsOptions options =
                ValueDecoder.lookUpReaderSchema(EventHubsOptions.parse(new CaseInsensitiveStringMap(properties)));
        if (options.authMode().isEntraId()) {
            // Building the credential touches no network but loads a provider class and reads certificate files: a
            // missing class or file then fails here too. The driver needs it anyway (partition metadata).
            TokenCredentials.forSettings(options.auth());
        }
        return new EventHubsTable(options);
    }
}

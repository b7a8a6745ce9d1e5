package io.eventhubsnative.spark.kafka;

import java.util.Map;
import java.util.ServiceLoader;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code format("eventhubs-kafka")}: Spark's own {@code kafka} source and sink, reaching an event hub through its Kafka
 * endpoint with the sign-in settings {@code eventhubs-native} takes ({@link KafkaEndpoint} turns them into Kafka
 * options). Being a format, it works wherever a format name does: Scala, PySpark, SQL, and a Spark Connect client,
 * which cannot call the JVM helper. Options that are not {@code eventhubs.*} go to the kafka source as they are
 * ({@code startingOffsets}, {@code maxOffsetsPerTrigger}, {@code kafka.*}...).
 */
public final class EventHubsKafkaProvider implements TableProvider, DataSourceRegister {

    public static final String SHORT_NAME = "eventhubs-kafka";

    @Override
    public String shortName() {
        return SHORT_NAME;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return kafka().inferSchema(
                        new CaseInsensitiveStringMap(KafkaEndpointOptions.forRead(options.asCaseSensitiveMap())));
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        // Sign-in settings are checked here, at load()/start(), not when the first task connects.
        Map<String, String> read = KafkaEndpointOptions.forRead(properties);
        return new KafkaEndpointTable(kafka().getTable(schema, partitioning, read), properties);
    }

    /** Spark's kafka provider, found as Spark finds it: by its short name among the registered data sources. */
    static TableProvider kafka() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (DataSourceRegister source : ServiceLoader.load(
                DataSourceRegister.class, loader != null ? loader : EventHubsKafkaProvider.class.getClassLoader())) {
            if ("kafka".equals(source.shortName()) && source instanceof TableProvider) {
                return (TableProvider) source;
            }
        }
        throw new IllegalStateException(
                "format(\"" + SHORT_NAME + "\") runs on Spark's kafka source, and this cluster has"
                        + " none. Fabric and Databricks ship it; elsewhere add org.apache.spark:spark-sql-kafka-0-10_<scala version>"
                        + ":<spark version> (e.g. spark.jars.packages=org.apache.spark:spark-sql-kafka-0-10_2.13:4.1.1), or use"
                        + " format(\"eventhubs-native\").");
    }
}

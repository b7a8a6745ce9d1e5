package io.eventhubsnative.spark.kafka;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The kafka source's table, given Kafka options in place of the {@code eventhubs.*} settings of each read and
 * write: Spark hands a table the query's own options, not the ones it was created with.
 */
final class KafkaEndpointTable implements SupportsRead, SupportsWrite {

    private final Table kafka;
    private final String name;

    KafkaEndpointTable(Table kafka, Map<String, String> options) {
        this.kafka = kafka;
        String hub = new CaseInsensitiveStringMap(KafkaEndpointOptions.forRead(options)).get("subscribe");
        this.name = EventHubsKafkaProvider.SHORT_NAME + ":" + hub;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public StructType schema() {
        return kafka.schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
        return kafka.capabilities();
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return ((SupportsRead) kafka)
                .newScanBuilder(
                        new CaseInsensitiveStringMap(KafkaEndpointOptions.forRead(options.asCaseSensitiveMap())));
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(
                KafkaEndpointOptions.forWrite(info.options().asCaseSensitiveMap()));
        return ((SupportsWrite) kafka).newWriteBuilder(new LogicalWriteInfo() {
            @Override
            public CaseInsensitiveStringMap options() {
                return options;
            }

            @Override
            public String queryId() {
                return info.queryId();
            }

            @Override
            public StructType schema() {
                return info.schema();
            }
        });
    }
}

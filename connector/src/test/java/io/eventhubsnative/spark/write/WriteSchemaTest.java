package io.eventhubsnative.spark.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.spark.read.EventSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WriteSchemaTest {

    private static final StructType STRING_MAP_PROPERTIES =
            new StructType().add("properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

    @Test
    void allColumnsInAnyOrderAndCase() {
        StructType schema = new StructType()
                .add("Properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                .add("PARTITIONKEY", DataTypes.StringType)
                .add("partitionId", DataTypes.StringType)
                .add("body", DataTypes.BinaryType);
        WriteSchema columns = WriteSchema.of(schema);
        assertThat(columns.body()).isEqualTo(3);
        assertThat(columns.bodyIsString()).isFalse();
        assertThat(columns.partitionId()).isEqualTo(2);
        assertThat(columns.partitionKey()).isEqualTo(1);
        assertThat(columns.properties()).isEqualTo(0);
    }

    @Test
    void aStringBodyAlone() {
        WriteSchema columns = WriteSchema.of(new StructType().add("body", DataTypes.StringType));
        assertThat(columns.bodyIsString()).isTrue();
        assertThat(columns.partitionId()).isEqualTo(-1);
        assertThat(columns.partitionKey()).isEqualTo(-1);
        assertThat(columns.properties()).isEqualTo(-1);
    }

    @Test
    void theReadColumnsAfterASelect() {
        StructType read = EventSchema.SCHEMA;
        StructType selected = new StructType(new org.apache.spark.sql.types.StructField[] {
            read.apply("body"), read.apply("partitionKey"), read.apply("properties")
        });
        assertThat(WriteSchema.of(selected).body()).isZero();
    }

    @Test
    void aMissingBodyNamesItWithAnExample() {
        assertThatThrownBy(() -> WriteSchema.of(STRING_MAP_PROPERTIES.add("partitionKey", DataTypes.StringType)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'body'")
                .hasMessageContaining("[properties, partitionKey]")
                .hasMessageContaining("to_json(struct(*)) AS body");
    }

    @Test
    void aMistypedBodyNamesTheTypes() {
        assertThatThrownBy(() -> WriteSchema.of(new StructType().add("body", DataTypes.IntegerType)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'body' must be binary or string, not int");
    }

    @Test
    void mistypedOptionalColumns() {
        assertThatThrownBy(() -> WriteSchema.of(
                        new StructType().add("body", DataTypes.StringType).add("partitionId", DataTypes.IntegerType)))
                .hasMessageContaining("'partitionId' must be string, not int");
        assertThatThrownBy(() -> WriteSchema.of(new StructType()
                        .add("body", DataTypes.StringType)
                        .add("properties", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))))
                .hasMessageContaining("'properties' must be map<string,string>, not map<string,int>");
    }

    @Test
    void unknownColumnsAreListedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> WriteSchema.of(EventSchema.SCHEMA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[partition, offset, sequenceNumber, enqueuedTime, publisher, systemProperties]")
                .hasMessageContaining(WriteSchema.ACCEPTED)
                .hasMessageContaining("df.select(\"body\", \"properties\")");
    }

    @Test
    void aColumnTwice() {
        assertThatThrownBy(() -> WriteSchema.of(
                        new StructType().add("body", DataTypes.StringType).add("BODY", DataTypes.StringType)))
                .hasMessageContaining("'BODY' twice");
    }
}

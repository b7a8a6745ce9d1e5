# Databricks notebook source
# MAGIC %md
# MAGIC # 8. Avro telemetry of the Azure Schema Registry -> Delta; hot readings back as Avro
# MAGIC Producers write Avro with the Schema Registry encoders (Python's `AvroEncoder`, Java's
# MAGIC `SchemaRegistryApacheAvroSerializer`): each event carries its schema id, the schema lives in the namespace's
# MAGIC registry. The options below decode every event on read into a `value` column, read as the newest schema
# MAGIC registered under `iot.Reading` (older events get the newer fields' defaults), and encode a `value` struct on
# MAGIC write, registering the writer schema. Plain options: this works the same from Spark Connect and SQL.

# COMMAND ----------

import json
import os

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

from session import get_spark, hub_from_environment

READING = "iot.Reading"
HOT_READING = json.dumps({"type": "record", "name": "HotReading", "namespace": "iot", "fields": [
    {"name": "device", "type": "string"}, {"name": "temperature", "type": "double"},
    {"name": "sequenceNumber", "type": "long"}]})

# COMMAND ----------


def readings(spark: SparkSession, hub: dict, registry: dict, group: str = "telemetry") -> DataFrame:
    """`registry` is empty on Azure (the namespace's own registry); locally it names the endpoint's registry and
    the certificate to trust (eventhubs.schemaRegistry.namespace, eventhubs.schemaRegistry.trustCertificate)."""
    return (spark.readStream.format("eventhubs-native")
            .options(**hub).options(**registry)
            .option("eventhubs.startingPosition", "earliest")
            .option("eventhubs.schemaRegistry.schemaGroup", group)
            .option("eventhubs.schemaRegistry.schemaName", READING)
            .load()
            .select("value.*", "partition", "sequenceNumber"))


def to_delta(spark: SparkSession, hub: dict, registry: dict, table: str, checkpoint: str,
             trigger: dict = None) -> StreamingQuery:
    return (readings(spark, hub, registry).writeStream
            .format("delta")
            .option("checkpointLocation", checkpoint)
            .trigger(**(trigger or {"processingTime": "10 seconds"}))
            .start(table))


def hot_readings(spark: SparkSession, hub: dict, alerts: dict, registry: dict, threshold: float, checkpoint: str,
                 trigger: dict = None, group: str = "telemetry") -> StreamingQuery:
    return (readings(spark, hub, registry, group)
            .where(F.col("temperature") > threshold)
            .select(F.struct("device", "temperature", "sequenceNumber").alias("value"))
            .writeStream.format("eventhubs-native")
            .options(**alerts).options(**registry)
            .option("eventhubs.schemaRegistry.schemaGroup", group)
            .option("eventhubs.schemaRegistry.writerSchema", HOT_READING)
            .option("checkpointLocation", checkpoint)
            .trigger(**(trigger or {"processingTime": "10 seconds"}))
            .start())

# COMMAND ----------


if __name__ == "__main__":
    spark = get_spark("avro-telemetry")
    lake = os.environ.get("LAKE", "/tmp/eventhubs-native-lake")
    query = to_delta(spark, hub_from_environment(), {}, f"{lake}/readings", f"{lake}/_checkpoints/readings")
    query.awaitTermination()

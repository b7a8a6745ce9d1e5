# Databricks notebook source
# MAGIC %md
# MAGIC # 6. Pipeline 1 through the Event Hubs Kafka endpoint, for comparison
# MAGIC Spark's own `kafka` source, with options the connector makes from the same Event Hubs settings:
# MAGIC `KafkaEndpoint.sourceOptions` gives SASL PLAIN with `$ConnectionString` for a connection string, and
# MAGIC OAUTHBEARER with the connector's login handler for Microsoft Entra ID (`eventhubs.auth=...`). Rows carry
# MAGIC Kafka offsets instead of sequence numbers; the Basic tier has no Kafka endpoint. On Databricks the Kafka
# MAGIC client is shaded: add `"eventhubs.kafka.classPrefix": "kafkashaded."` to the settings.

# COMMAND ----------

import os

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

from iot_events import IOT_SCHEMA
from session import get_spark, hub_from_environment

# COMMAND ----------


def kafka_options(spark: SparkSession, settings: dict, sink: bool = False) -> dict:
    """The kafka source's (or sink's) options for these Event Hubs settings, made by the connector's JVM helper."""
    helper = spark._jvm.io.eventhubsnative.spark.kafka.KafkaEndpoint
    return dict(helper.sinkOptions(settings) if sink else helper.sourceOptions(settings))


def parse(records: DataFrame) -> DataFrame:
    return (records
            .select(F.from_json(F.col("value").cast("string"), IOT_SCHEMA).alias("reading"), "partition", "offset")
            .select("reading.*", "partition", "offset"))


def start(spark: SparkSession, settings: dict, table: str, checkpoint: str, trigger: dict = None) -> StreamingQuery:
    records = (spark.readStream.format("kafka")
               .options(**kafka_options(spark, settings))
               .option("startingOffsets", "earliest")
               .load())
    return (parse(records).writeStream
            .format("delta")
            .option("checkpointLocation", checkpoint)
            .trigger(**(trigger or {"processingTime": "10 seconds"}))
            .start(table))

# COMMAND ----------


if __name__ == "__main__":
    spark = get_spark("kafka-endpoint-ingest")
    lake = os.environ.get("LAKE", "/tmp/eventhubs-native-lake")
    start(spark, hub_from_environment(), f"{lake}/iot_kafka", f"{lake}/_checkpoints/iot_kafka").awaitTermination()

# Databricks notebook source
# MAGIC %md
# MAGIC # 6. Pipeline 1 through the Event Hubs Kafka endpoint, for comparison
# MAGIC Spark's own `kafka` source through `format("eventhubs-kafka")`, which takes the same Event Hubs settings
# MAGIC and hands the kafka source SASL PLAIN with `$ConnectionString` for a connection string, or OAUTHBEARER with
# MAGIC the connector's login handler for Microsoft Entra ID (`eventhubs.auth=...`). Every other option (here
# MAGIC `startingOffsets`) goes to the kafka source as it is. Being a format, it also works from a Spark Connect
# MAGIC client and from SQL. Rows carry Kafka offsets instead of sequence numbers; the Basic tier has no Kafka
# MAGIC endpoint. On Databricks the Kafka client is shaded: add `"eventhubs.kafka.classPrefix": "kafkashaded."`.

# COMMAND ----------

import os

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

from iot_events import IOT_SCHEMA
from session import get_spark, hub_from_environment

# COMMAND ----------


def parse(records: DataFrame) -> DataFrame:
    return (records
            .select(F.from_json(F.col("value").cast("string"), IOT_SCHEMA).alias("reading"), "partition", "offset")
            .select("reading.*", "partition", "offset"))


def start(spark: SparkSession, settings: dict, table: str, checkpoint: str, trigger: dict = None) -> StreamingQuery:
    records = (spark.readStream.format("eventhubs-kafka")
               .options(**settings)
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

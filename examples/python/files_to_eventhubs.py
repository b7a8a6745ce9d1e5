# Databricks notebook source
# MAGIC %md
# MAGIC # 5. Files landing in a folder -> Event Hubs
# MAGIC The file source picks up each new JSON file once (its checkpoint lists the files it has read) and the
# MAGIC eventhubs-native sink sends every row as an event keyed by device. The sink is at-least-once: a replayed
# MAGIC micro-batch may send some events again, so consumers that need exactly-once deduplicate.

# COMMAND ----------

import os

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

from iot_events import IOT_SCHEMA
from session import get_spark, hub_from_environment

# COMMAND ----------


def start(spark: SparkSession, hub: dict, folder: str, checkpoint: str, trigger: dict = None) -> StreamingQuery:
    return (spark.readStream.schema(IOT_SCHEMA).json(folder)
            .select(F.to_json(F.struct("device", "status", "timestamp")).alias("body"),
                    F.col("device").alias("partitionKey"))
            .writeStream
            .format("eventhubs-native")
            .options(**hub)
            .option("checkpointLocation", checkpoint)
            .trigger(**(trigger or {"processingTime": "10 seconds"}))
            .start())

# COMMAND ----------


if __name__ == "__main__":
    spark = get_spark("files-to-eventhubs")
    lake = os.environ.get("LAKE", "/tmp/eventhubs-native-lake")
    start(spark, hub_from_environment(), f"{lake}/landing", f"{lake}/_checkpoints/landing").awaitTermination()

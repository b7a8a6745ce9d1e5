# Databricks notebook source
# MAGIC %md
# MAGIC # 3. foreachBatch upsert: the latest status per device, MERGEd into Delta
# MAGIC Each micro-batch keeps the newest reading per device and MERGEs it into a table keyed by device, updating a
# MAGIC row only with a newer reading. A micro-batch replayed after a crash merges the same readings again and
# MAGIC changes nothing, so the table is exact although foreachBatch itself is at-least-once.

# COMMAND ----------

import os

from delta.tables import DeltaTable
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

from iot_events import IOT_SCHEMA, parse
from session import get_spark, hub_from_environment

# COMMAND ----------


def merge_latest(spark: SparkSession, table: str, batch: DataFrame) -> None:
    latest = (batch.groupBy("device")
              .agg(F.max_by(F.struct("status", "timestamp"), "timestamp").alias("last"))
              .select("device", "last.status", "last.timestamp"))
    (DeltaTable.forPath(spark, table).alias("t")
     .merge(latest.alias("u"), "t.device = u.device")
     .whenMatchedUpdateAll(condition="u.timestamp > t.timestamp")
     .whenNotMatchedInsertAll()
     .execute())


def start(spark: SparkSession, hub: dict, table: str, checkpoint: str, trigger: dict = None) -> StreamingQuery:
    if not DeltaTable.isDeltaTable(spark, table):
        spark.createDataFrame([], IOT_SCHEMA).write.format("delta").save(table)
    events = (spark.readStream.format("eventhubs-native").options(**hub)
              .option("eventhubs.startingPosition", "earliest").load())
    return (parse(events).writeStream
            .foreachBatch(lambda batch, batch_id: merge_latest(spark, table, batch))
            .option("checkpointLocation", checkpoint)
            .trigger(**(trigger or {"processingTime": "10 seconds"}))
            .start())

# COMMAND ----------


if __name__ == "__main__":
    spark = get_spark("foreach-batch-upsert")
    lake = os.environ.get("LAKE", "/tmp/eventhubs-native-lake")
    start(spark, hub_from_environment(), f"{lake}/device_status", f"{lake}/_checkpoints/device_status").awaitTermination()

# Databricks notebook source
# MAGIC %md
# MAGIC # 2. Readings per device in event-time windows, with a watermark
# MAGIC One-minute windows of the readings' own timestamp, a 5-minute watermark. `update` mode emits the windows a
# MAGIC micro-batch changed; `complete` mode emits the whole result table each time. The watermark lets Spark drop
# MAGIC the state of old windows in update mode.

# COMMAND ----------

import sys

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery

from iot_events import parse
from session import get_spark, hub_from_environment

# COMMAND ----------


def counts_per_device(events: DataFrame) -> DataFrame:
    return (parse(events)
            .withWatermark("timestamp", "5 minutes")
            .groupBy(F.window("timestamp", "1 minute"), "device")
            .count())


def start(spark: SparkSession, hub: dict, output_mode: str, name: str, checkpoint: str,
          trigger: dict = None) -> StreamingQuery:
    """Counts into the in-memory table `name` (what a notebook's display() shows); use Delta for a lake."""
    events = (spark.readStream.format("eventhubs-native").options(**hub)
              .option("eventhubs.startingPosition", "earliest").load())
    return (counts_per_device(events).writeStream
            .format("memory").queryName(name)
            .outputMode(output_mode)
            .option("checkpointLocation", checkpoint)
            .trigger(**(trigger or {"processingTime": "10 seconds"}))
            .start())

# COMMAND ----------


if __name__ == "__main__":
    spark = get_spark("windowed-counts")
    mode = sys.argv[1] if len(sys.argv) > 1 else "update"
    events = (spark.readStream.format("eventhubs-native").options(**hub_from_environment())
              .option("eventhubs.startingPosition", "earliest").load())
    (counts_per_device(events).writeStream.format("console").option("truncate", "false")
     .outputMode(mode).start().awaitTermination())

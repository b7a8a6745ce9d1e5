# Databricks notebook source
# MAGIC %md
# MAGIC # 4. AvailableNow: incremental ingestion as a scheduled job
# MAGIC Schedule this notebook (a Fabric pipeline, a Databricks job) every hour: `trigger(availableNow=True)` reads
# MAGIC exactly what the hub held when the run started, in micro-batches of at most `maxEventsPerTrigger`, then
# MAGIC stops. The next run starts where this one ended.

# COMMAND ----------

import os

from pyspark.sql import SparkSession

from iot_events import parse
from session import get_spark, hub_from_environment

# COMMAND ----------


def run_once(spark: SparkSession, hub: dict, table: str, checkpoint: str) -> int:
    """Ingests what is new and returns how many events that was."""
    events = (spark.readStream.format("eventhubs-native").options(**hub)
              .option("eventhubs.startingPosition", "earliest")
              .option("maxEventsPerTrigger", 10000)
              .load())
    query = (parse(events).writeStream
             .format("delta")
             .option("checkpointLocation", checkpoint)
             .trigger(availableNow=True)
             .start(table))
    query.awaitTermination()
    return sum(progress["numInputRows"] for progress in query.recentProgress)

# COMMAND ----------


if __name__ == "__main__":
    spark = get_spark("available-now-job")
    lake = os.environ.get("LAKE", "/tmp/eventhubs-native-lake")
    print(f"Ingested {run_once(spark, hub_from_environment(), f'{lake}/iot', f'{lake}/_checkpoints/iot_job')} events")

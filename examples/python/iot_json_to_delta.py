# Databricks notebook source
# MAGIC %md
# MAGIC # 1. IoT JSON events -> Delta, exactly once across restarts
# MAGIC `readStream.format("eventhubs-native")` -> `from_json` with a fixed schema -> Delta append with a checkpoint.
# MAGIC The checkpoint holds each partition's next sequence number: a restarted query goes on where the last
# MAGIC committed micro-batch ended, and (partition, sequenceNumber) identifies every row.

# COMMAND ----------

import os

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.streaming import StreamingQuery

from iot_events import parse
from session import get_spark, hub_from_environment

# COMMAND ----------


def start(spark: SparkSession, hub: dict, table: str, checkpoint: str, trigger: dict = None) -> StreamingQuery:
    events: DataFrame = (spark.readStream.format("eventhubs-native")
                         .options(**hub)
                         .option("eventhubs.startingPosition", "earliest")
                         .load())
    return (parse(events).writeStream
            .format("delta")
            .outputMode("append")
            .option("checkpointLocation", checkpoint)
            .trigger(**(trigger or {"processingTime": "10 seconds"}))
            .start(table))

# COMMAND ----------


if __name__ == "__main__":
    spark = get_spark("iot-json-to-delta")
    lake = os.environ.get("LAKE", "/tmp/eventhubs-native-lake")
    query = start(spark, hub_from_environment(), f"{lake}/iot", f"{lake}/_checkpoints/iot")
    query.awaitTermination()

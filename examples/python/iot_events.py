# Databricks notebook source
# MAGIC %md
# MAGIC # IoT events shared by the examples
# MAGIC The fixed schema of the JSON bodies, a generator of readings, and a sender that writes them to an event hub
# MAGIC through the eventhubs-native sink. In a notebook: `%run ./iot_events`.

# COMMAND ----------

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType, TimestampType

# Never infer the schema of a stream: a fixed one keeps every micro-batch's columns the same.
IOT_SCHEMA = StructType([
    StructField("device", StringType()),
    StructField("status", StringType()),
    StructField("timestamp", TimestampType()),
])


def readings(spark: SparkSession, count: int, devices: int, start_epoch_second: int) -> DataFrame:
    """`count` readings from `devices` devices, one second apart, statuses cycling ok / warning / error."""
    return spark.range(count).select(
        F.concat(F.lit("device-"), (F.col("id") % devices).cast("string")).alias("device"),
        F.expr("element_at(array('ok', 'warning', 'error'), cast(id % 3 as int) + 1)").alias("status"),
        F.expr(f"timestamp_seconds({start_epoch_second} + id)").alias("timestamp"),
    )


def send(hub_options: dict, df: DataFrame) -> None:
    """Sends readings as JSON events keyed by device, so each device's events stay in one partition."""
    (df.select(F.to_json(F.struct("device", "status", "timestamp")).alias("body"),
               F.col("device").alias("partitionKey"))
       .write.format("eventhubs-native").options(**hub_options).mode("append").save())


def parse(events: DataFrame) -> DataFrame:
    """Event Hubs rows -> readings, keeping (partition, sequenceNumber), which identifies an event."""
    return (events
            .select(F.from_json(F.col("body").cast("string"), IOT_SCHEMA).alias("reading"),
                    "partition", "sequenceNumber", "enqueuedTime")
            .select("reading.*", "partition", "sequenceNumber", "enqueuedTime"))

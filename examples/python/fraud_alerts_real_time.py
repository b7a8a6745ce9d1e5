# Databricks notebook source
# MAGIC %md
# MAGIC # 7. Fraud alerts in real time (Spark 4.1+, the `_2.13` jar)
# MAGIC Card payments as JSON events -> parse -> join with a static table of merchants (the stream is enriched with a
# MAGIC small dimension, broadcast to every task) -> keep the payments above the merchant's alert amount -> alerts.
# MAGIC `Trigger.RealTime` runs one long task per partition: each payment is checked as it arrives, in milliseconds;
# MAGIC the interval only says how often the query checkpoints. The query is stateless, as real-time mode requires
# MAGIC on Spark 4.1 and 4.2, and needs a free task slot per partition of the hub.

# COMMAND ----------

import os

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.streaming import StreamingQuery
from pyspark.sql.types import DoubleType, StringType, StructField, StructType, TimestampType

from session import get_spark, hub_from_environment

PAYMENT_SCHEMA = StructType([
    StructField("card", StringType()),
    StructField("merchant", StringType()),
    StructField("amount", DoubleType()),
    StructField("timestamp", TimestampType()),
])

# COMMAND ----------


def merchants(spark: SparkSession) -> DataFrame:
    """The reference table; in a notebook, spark.read.table("reference.merchants")."""
    return spark.createDataFrame(
        [("m-grocery", "low", 1000.0), ("m-electronics", "medium", 500.0), ("m-giftcards", "high", 100.0)],
        "merchant string, risk string, alert_above double")


def alerts(events: DataFrame, reference: DataFrame) -> DataFrame:
    payments = (events
                .select(F.from_json(F.col("body").cast("string"), PAYMENT_SCHEMA).alias("payment"),
                        "partition", "sequenceNumber", "enqueuedTime")
                .select("payment.*", "partition", "sequenceNumber", "enqueuedTime"))
    return (payments.join(F.broadcast(reference), "merchant")
            .where(F.col("amount") > F.col("alert_above"))
            .select("card", "merchant", "risk", "amount", "timestamp", "partition", "sequenceNumber", "enqueuedTime"))

# COMMAND ----------


def real_time(writer, spark: SparkSession, interval: str):
    """PySpark 4.2 has trigger(realTime=...); on 4.1 the connector's helper gives Spark's Trigger.RealTime."""
    if tuple(int(part) for part in spark.version.split(".")[:2]) >= (4, 2):
        return writer.trigger(realTime=interval)
    writer._jwrite = writer._jwrite.trigger(spark._jvm.io.eventhubsnative.spark.RealTimeTrigger.every(interval))
    return writer


def start(spark: SparkSession, hub: dict, checkpoint: str, sink=None, interval: str = "5 minutes") -> StreamingQuery:
    """`sink` shapes the writer: the console by default; a `foreach` function keyed by (partition, sequenceNumber)
    stores each alert once even when a restart reads the last events of a batch again."""
    events = (spark.readStream.format("eventhubs-native").options(**hub)
              .option("eventhubs.startingPosition", "earliest").load())
    # Real-time mode takes the update output mode (Spark 4.1 refuses append); for a stateless query they are alike.
    writer = (alerts(events, merchants(spark)).writeStream
              .outputMode("update")
              .option("checkpointLocation", checkpoint))
    writer = sink(writer) if sink else writer.format("console").option("truncate", "false")
    return real_time(writer, spark, interval).start()

# COMMAND ----------


if __name__ == "__main__":
    # Real-time mode needs a task slot per partition: e.g. SPARK_MASTER=local[8] for a hub of 4 partitions.
    spark = get_spark("fraud-alerts-real-time")
    lake = os.environ.get("LAKE", "/tmp/eventhubs-native-lake")
    start(spark, hub_from_environment(), f"{lake}/_checkpoints/fraud-alerts").awaitTermination()

"""A real-time query (Trigger.RealTime, Spark 4.1+) as a user writes one: events of a hub, parsed, into a foreach sink
that stores each event under its (partition, sequence number), so that a replay overwrites and the store holds every
event once. Each delivery is also logged, to count how often an event reached the sink."""
import os
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


def real_time(writer, spark: SparkSession, interval: str):
    """PySpark 4.2 has trigger(realTime=...); on 4.1 the connector's helper gives the JVM trigger."""
    major, minor = (int(part) for part in spark.version.split(".")[:2])
    if (major, minor) >= (4, 2):
        return writer.trigger(realTime=interval)
    writer._jwrite = writer._jwrite.trigger(spark._jvm.io.eventhubsnative.spark.RealTimeTrigger.every(interval))
    return writer


def store(out: str, value=lambda row: row.body):
    """The foreach function: one file per event, named by its position in the hub, holding `value(row)`; a log line
    per delivery."""
    def process(row):
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, f"{row.partition}-{row.sequenceNumber}"), "w") as f:
            f.write(value(row))
        with open(os.path.join(out, f"deliveries-{os.getpid()}.log"), "a") as f:
            f.write(f"{row.partition}-{row.sequenceNumber}\n")
    return process


def start(spark: SparkSession, options: dict, out: str, checkpoint: str, interval: str = "5 seconds"):
    events: DataFrame = (spark.readStream.format("eventhubs-native").options(**options)
                         .option("eventhubs.startingPosition", "earliest").load()
                         .select("partition", "sequenceNumber", F.col("body").cast("string").alias("body")))
    writer = events.writeStream.foreach(store(out)).option("checkpointLocation", checkpoint).outputMode("update")
    return real_time(writer, spark, interval).start()


def stored(out: str) -> dict:
    """Position -> body of every event in the store."""
    folder = Path(out)
    if not folder.is_dir():
        return {}
    return {p.name: p.read_text() for p in folder.iterdir() if not p.name.startswith("deliveries-")}


def deliveries(out: str) -> list:
    folder = Path(out)
    lines = []
    for log in folder.glob("deliveries-*.log"):
        lines.extend(log.read_text().split())
    return lines

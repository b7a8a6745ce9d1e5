"""Pipeline 6 against a real Kafka broker that signs clients in like the Event Hubs Kafka endpoint."""
import datetime

from pyspark.sql import functions as F

import kafka_endpoint_ingest
from iot_events import readings

START = int(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc).timestamp())


def send(spark, settings, count, start):
    (readings(spark, count, 10, start)
     .select(F.to_json(F.struct("device", "status", "timestamp")).alias("value"))
     .write.format("eventhubs-kafka").options(**settings).mode("append").save())


def test_iot_events_through_the_kafka_endpoint_land_in_delta_once(spark, kafka, tmp_path):
    table, checkpoint = str(tmp_path / "iot"), str(tmp_path / "checkpoint")
    send(spark, kafka, 1000, START)
    kafka_endpoint_ingest.start(spark, kafka, table, checkpoint, {"availableNow": True}).awaitTermination()
    kafka_endpoint_ingest.start(spark, kafka, table, checkpoint, {"availableNow": True}).awaitTermination()
    send(spark, kafka, 300, START + 1000)
    kafka_endpoint_ingest.start(spark, kafka, table, checkpoint, {"availableNow": True}).awaitTermination()

    rows = spark.read.format("delta").load(table)
    assert rows.count() == 1300
    assert rows.select("partition", "offset").distinct().count() == 1300
    assert rows.where("device is null or status is null or timestamp is null").count() == 0

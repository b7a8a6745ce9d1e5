"""Each PySpark example against the local endpoint, with its result checked."""
import datetime

from pyspark.sql import functions as F

import available_now_job
import files_to_eventhubs
import foreach_batch_upsert
import iot_json_to_delta
import windowed_counts
from iot_events import parse, readings, send

START = int(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc).timestamp())
FAST = {"processingTime": "200 milliseconds"}
STATUSES = ["ok", "warning", "error"]


def delta(spark, path):
    return spark.read.format("delta").load(str(path))


def read_back(spark, hub):
    return (spark.read.format("eventhubs-native").options(**hub)
            .option("eventhubs.startingPosition", "earliest").load())


def test_iot_events_land_in_delta_once_across_a_restart(spark, hub, tmp_path):
    table, checkpoint = str(tmp_path / "iot"), str(tmp_path / "checkpoint")
    send(hub, readings(spark, 2000, 10, START))

    query = iot_json_to_delta.start(spark, hub, table, checkpoint, FAST)
    query.processAllAvailable()
    query.stop()
    assert delta(spark, table).count() == 2000

    query = iot_json_to_delta.start(spark, hub, table, checkpoint, FAST)
    query.processAllAvailable()
    assert delta(spark, table).count() == 2000, "a restart must read nothing twice"
    send(hub, readings(spark, 500, 10, START + 2000))
    query.processAllAvailable()
    query.stop()

    rows = delta(spark, table)
    assert rows.count() == 2500
    assert rows.select("partition", "sequenceNumber").distinct().count() == 2500
    assert rows.where("device is null or status is null or timestamp is null").count() == 0
    assert rows.where("device = 'device-3'").count() == 250


def test_windowed_counts_in_update_and_complete_modes(spark, hub, tmp_path):
    # 300 readings one second apart from 3 devices: five one-minute windows of 20 readings per device.
    send(hub, readings(spark, 300, 3, START))
    update = windowed_counts.start(spark, hub, "update", "py_windows_update", str(tmp_path / "u"), FAST)
    complete = windowed_counts.start(spark, hub, "complete", "py_windows_complete", str(tmp_path / "c"), FAST)
    update.processAllAvailable()
    complete.processAllAvailable()
    first_update_rows = spark.table("py_windows_update").count()

    send(hub, readings(spark, 300, 3, START + 300))
    update.processAllAvailable()
    complete.processAllAvailable()
    update.stop()
    complete.stop()

    assert first_update_rows == 15
    # The second send may span micro-batches, so a new window can be emitted with a partial count and again with
    # its final one; what update mode promises is that the old windows are not emitted again.
    updates = spark.table("py_windows_update")
    second_half = f"window.start >= timestamp_seconds({START + 300})"
    assert updates.where(f"not ({second_half})").count() == 15, "windows of the first send, emitted once"
    final_counts = updates.groupBy("window", "device").agg(F.max("count").alias("count"))
    assert final_counts.count() == 30
    assert final_counts.where("count != 20").count() == 0
    everything = spark.table("py_windows_complete")
    assert everything.count() == 30
    assert everything.where("count != 20").count() == 0


def test_foreach_batch_upsert_keeps_the_latest_status_per_device(spark, hub, tmp_path):
    table, checkpoint = str(tmp_path / "status"), str(tmp_path / "checkpoint")
    send(hub, readings(spark, 100, 10, START))
    foreach_batch_upsert.start(spark, hub, table, checkpoint, {"availableNow": True}).awaitTermination()
    # Readings 90..99 are the newest: device-k's latest is reading 90 + k.
    expected = {f"device-{k}": STATUSES[(90 + k) % 3] for k in range(10)}
    assert status_by_device(spark, table) == expected

    send(hub, readings(spark, 50, 10, START - 1000))  # late, older readings: no change
    foreach_batch_upsert.start(spark, hub, table, checkpoint, {"availableNow": True}).awaitTermination()
    assert status_by_device(spark, table) == expected

    send(hub, readings(spark, 10, 10, START + 1000).withColumn("status", F.lit("offline")))
    foreach_batch_upsert.start(spark, hub, table, checkpoint, {"availableNow": True}).awaitTermination()
    assert set(status_by_device(spark, table).values()) == {"offline"}
    assert delta(spark, table).count() == 10


def status_by_device(spark, table):
    return {row.device: row.status for row in delta(spark, table).collect()}


def test_available_now_ingests_only_what_is_new_on_each_run(spark, hub, tmp_path):
    table, checkpoint = str(tmp_path / "iot"), str(tmp_path / "checkpoint")
    send(hub, readings(spark, 1500, 10, START))
    assert available_now_job.run_once(spark, hub, table, checkpoint) == 1500
    assert available_now_job.run_once(spark, hub, table, checkpoint) == 0
    send(hub, readings(spark, 700, 10, START + 1500))
    assert available_now_job.run_once(spark, hub, table, checkpoint) == 700
    rows = delta(spark, table)
    assert rows.count() == 2200
    assert rows.select("partition", "sequenceNumber").distinct().count() == 2200


def test_json_files_in_a_folder_become_events(spark, hub, tmp_path):
    folder = tmp_path / "landing"
    folder.mkdir()
    for file in range(3):
        lines = [f'{{"device":"device-{i % 5}","status":"ok","timestamp":"2026-01-01T00:{file:02d}:{i % 60:02d}Z"}}'
                 for i in range(100)]
        (folder / f"readings-{file}.json").write_text("\n".join(lines) + "\n")
    files_to_eventhubs.start(spark, hub, str(folder), str(tmp_path / "checkpoint"),
                             {"availableNow": True}).awaitTermination()

    events = read_back(spark, hub)
    assert parse(events).count() == 300
    per_device = {row.partitionKey: row["count"] for row in events.groupBy("partitionKey").count().collect()}
    assert per_device == {f"device-{d}": 60 for d in range(5)}
    mismatched = events.where(F.get_json_object(F.col("body").cast("string"), "$.device") != F.col("partitionKey"))
    assert mismatched.count() == 0

"""Real-time mode (Trigger.RealTime): on Spark 4.1 and later a query reads each event once as it arrives, a restart
and a killed driver resume from the checkpoint with nothing lost or stored twice; before 4.1 the connector's trigger
helper says which Spark is needed. Real-time mode runs one long task per partition at once, so the session has more
task slots than the other suites' local[2]."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from conftest import session_builder
from pipelines import events, read, sas, write
from realtime import deliveries, real_time, start, store, stored

HERE = Path(__file__).parent
EXAMPLES = HERE.parents[3] / "examples" / "python"


@pytest.fixture(scope="module")
def spark():
    session = session_builder(SparkSession.builder.master("local[6]").appName("eventhubs-native real-time")).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def has_real_time_mode(spark) -> bool:
    return tuple(int(part) for part in spark.version.split(".")[:2]) >= (4, 1)


@pytest.fixture
def real_time_spark(spark):
    if not has_real_time_mode(spark):
        pytest.skip(f"Spark {spark.version} has no real-time mode")
    return spark


def bodies(spark, first, count) -> set:
    return {row.body for row in events(spark, first, count).collect()}


def committed(checkpoint: str) -> int:
    """Batches in the commit log (files named by batch id; a commit being written is a hidden temporary file)."""
    commits = Path(checkpoint) / "commits"
    return sum(1 for p in commits.iterdir() if p.name.isdigit()) if commits.is_dir() else 0


def wait_for(condition, what: str, seconds: int = 180):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {seconds} s waiting for {what}")
        time.sleep(0.5)


def note_stop():
    """Tells the harness when the query was stopped, so that it counts the links opened before: a stop that falls on
    a batch boundary can race with the next batch, which Spark may launch anyway and then kill, its tasks having opened
    links of their own."""
    path = os.environ.get("REALTIME_STOPPED_AT")
    if path:
        Path(path).write_text(str(time.time_ns()))


def test_before_spark_4_1_the_trigger_helper_names_the_spark_needed(spark):
    if has_real_time_mode(spark):
        pytest.skip(f"Spark {spark.version} has real-time mode")
    with pytest.raises(Exception) as refused:
        spark._jvm.io.eventhubsnative.spark.RealTimeTrigger.every("5 seconds")
    assert "needs Spark 4.1 or later" in str(refused.value)
    assert f"this is Spark {spark.version}" in str(refused.value)


def test_a_real_time_query_reads_every_event_of_a_steady_stream_once(real_time_spark, connection_string, tmp_path):
    spark, hub = real_time_spark, sas(connection_string, "realtime")
    out, checkpoint = str(tmp_path / "out"), str(tmp_path / "checkpoint")
    query = start(spark, hub, out, checkpoint)
    try:
        # A steady stream while the query runs, half of it after a batch boundary: the next batch's tasks go on
        # where the last ones stopped, on the same links.
        for first in range(0, 500, 50):
            write(events(spark, first, 50), hub)
        wait_for(lambda: len(stored(out)) >= 500, "the first 500 events")
        wait_for(lambda: len(query.recentProgress) >= 1, "the end of the first batch")
        for first in range(500, 1000, 50):
            write(events(spark, first, 50), hub)
        wait_for(lambda: len(stored(out)) >= 1000, "1,000 events in the store")
        assert query.exception() is None
    finally:
        note_stop()
        query.stop()
    assert set(stored(out).values()) == bodies(spark, 0, 1000)
    assert len(deliveries(out)) == 1000, "each event reached the sink once"


def test_a_restart_mid_stream_loses_and_stores_twice_nothing(real_time_spark, connection_string, tmp_path):
    spark, hub = real_time_spark, sas(connection_string, "realtime-restart")
    out, checkpoint = str(tmp_path / "out"), str(tmp_path / "checkpoint")
    write(events(spark, 0, 400), hub)
    query = start(spark, hub, out, checkpoint)
    try:
        wait_for(lambda: len(stored(out)) >= 400, "the first 400 events")
        write(events(spark, 400, 300), hub)
    finally:
        query.stop()  # mid-batch: what it read since the last checkpoint is read again
    write(events(spark, 700, 300), hub)
    query = start(spark, hub, out, checkpoint)
    try:
        wait_for(lambda: len(stored(out)) >= 1000, "all 1,000 events after the restart")
    finally:
        query.stop()
    assert len(stored(out)) == 1000
    assert set(stored(out).values()) == bodies(spark, 0, 1000)


def test_a_killed_driver_resumes_with_nothing_lost(real_time_spark, connection_string, tmp_path):
    spark, hub = real_time_spark, sas(connection_string, "realtime-crash")
    out, checkpoint = str(tmp_path / "out"), str(tmp_path / "checkpoint")
    write(events(spark, 0, 500), hub)

    def driver():
        return subprocess.Popen(
            [sys.executable, str(HERE / "realtime_driver.py"), connection_string, "realtime-crash", out, checkpoint],
            cwd=HERE, start_new_session=True, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "driver.log", "a"))

    first = driver()
    try:
        wait_for(lambda: len(stored(out)) >= 500, "the killed driver's first 500 events")
        write(events(spark, 500, 250), hub)
        wait_for(lambda: committed(checkpoint) >= 1, "a committed batch")
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the driver JVM too: no shutdown hook, no clean stop
        first.wait()
    write(events(spark, 750, 250), hub)
    second = driver()
    try:
        wait_for(lambda: len(stored(out)) >= 1000, "all 1,000 events after the restart")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(60)
    assert len(stored(out)) == 1000
    assert set(stored(out).values()) == bodies(spark, 0, 1000)


def payments_with_alerts(spark, hub) -> list:
    """Writes 800 card payments to the hub; returns the alerts example 7 must raise, as card|merchant|amount."""
    merchants = ["m-grocery", "m-electronics", "m-giftcards", "m-unknown"]
    payments = spark.range(800).select(
        F.concat(F.lit("card-"), (F.col("id") % 25).cast("string")).alias("card"),
        F.element_at(F.array(*[F.lit(m) for m in merchants]), (F.col("id") % 4 + 1).cast("int")).alias("merchant"),
        ((F.col("id") * 7) % 1200).cast("double").alias("amount"),
        F.timestamp_seconds(F.lit(1767225600) + F.col("id")).alias("timestamp"))
    write(payments.select(F.to_json(F.struct("card", "merchant", "amount", "timestamp")).alias("body"),
                          F.col("card").alias("partitionKey")), hub)
    limits = {"m-grocery": 1000.0, "m-electronics": 500.0, "m-giftcards": 100.0}  # no alert for unknown merchants
    return sorted(f"{r.card}|{r.merchant}|{r.amount}" for r in payments.collect()
                  if r.merchant in limits and r.amount > limits[r.merchant])


def test_the_fraud_alert_example_alerts_on_exactly_the_risky_payments(real_time_spark, connection_string, tmp_path):
    sys.path.insert(0, str(EXAMPLES))
    import fraud_alerts_real_time as example

    spark, hub = real_time_spark, sas(connection_string, "payments")
    expected = payments_with_alerts(spark, hub)
    out = str(tmp_path / "alerts")
    query = example.start(spark, hub, str(tmp_path / "checkpoint"), interval="5 seconds",
                          sink=lambda w: w.foreach(store(out, lambda r: f"{r.card}|{r.merchant}|{r.amount}")))
    try:
        wait_for(lambda: len(stored(out)) >= len(expected), f"{len(expected)} alerts")
        assert query.exception() is None
    finally:
        query.stop()
    assert sorted(stored(out).values()) == expected


def test_the_java_fraud_alert_example_runs_under_spark_submit(real_time_spark, connection_string, tmp_path):
    expected = payments_with_alerts(real_time_spark, sas(connection_string, "payments-java"))
    out = str(tmp_path / "alerts")
    import pyspark
    # spark-submit of the PySpark wheel, whose Spark home is the package itself.
    environment = {**os.environ, "SPARK_HOME": os.path.dirname(pyspark.__file__),
                   "EVENTHUBS_CONNECTION_STRING": connection_string,
                   "EVENTHUB_NAME": "payments-java", "REAL_TIME_INTERVAL": "5 seconds"}
    job = subprocess.Popen(
        [str(Path(sys.executable).parent / "spark-submit"), "--master", "local[6]",
         "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
         "--conf", "spark.ui.enabled=false", "--jars", os.environ["RUNTIME_JARS"],
         "--class", "io.eventhubsnative.examples.FraudAlertsRealTime", os.environ["EXAMPLES_REALTIME_JAR"],
         str(tmp_path / "checkpoint"), out],
        env=environment, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "spark-submit.log", "w"))
    try:
        wait_for(lambda: len(stored(out)) >= len(expected) or job.poll() is not None, f"{len(expected)} alerts")
        assert job.poll() is None, f"spark-submit ended: {(tmp_path / 'spark-submit.log').read_text()[-3000:]}"
    finally:
        if job.poll() is None:
            os.killpg(job.pid, signal.SIGTERM)
            job.wait(60)
    assert sorted(stored(out).values()) == expected


def test_the_sink_sends_each_event_while_the_real_time_batch_still_runs(real_time_spark, connection_string, tmp_path):
    spark = real_time_spark
    source, target = sas(connection_string, "realtime-in"), sas(connection_string, "realtime-out")
    # Spark checks real-time sinks against an allowlist (console, foreach, kafka); Event Hubs out needs it lifted.
    spark.conf.set("spark.sql.streaming.realTimeMode.allowlistCheck", "false")
    try:
        writer = (spark.readStream.format("eventhubs-native").options(**source)
                  .option("eventhubs.startingPosition", "earliest").load()
                  .select("body")
                  .writeStream.format("eventhubs-native").options(**target).outputMode("update")
                  .option("checkpointLocation", str(tmp_path / "checkpoint")))
        query = real_time(writer, spark, "10 minutes").start()
        try:
            for first in range(0, 300, 30):
                write(events(spark, first, 30), source)
            wait_for(lambda: read(spark, target).count() >= 300, "300 events in the target hub")
            assert query.recentProgress == [], "the events went out before the batch's end, not at its commit"
        finally:
            query.stop()
    finally:
        spark.conf.unset("spark.sql.streaming.realTimeMode.allowlistCheck")
    sent = read(spark, target).selectExpr("CAST(body AS STRING) AS body").collect()
    assert sorted(row.body for row in sent) == sorted(bodies(spark, 0, 300))

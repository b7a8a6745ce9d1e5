"""The connector from a Spark Connect client: a Connect server started with the jar attached (as a cluster library is),
and a PySpark client that only speaks gRPC to it (no spark._jvm). Same pipelines as the classic session."""
import os
import socket
import subprocess
import time
from collections import Counter

import pyspark
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from conftest import env
from pipelines import bodies, entra_id, events, forward_available_now, ingest_available_now, read, sas, write

SERVER = "org.apache.spark.sql.connect.service.SparkConnectServer"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def connect_server(tmp_path_factory):
    """A Spark Connect server of this PySpark on 127.0.0.1, started as start-connect-server.sh would, in the
    foreground so it stops with the tests."""
    port = free_port()
    conf = {
        "spark.master": "local[2]",
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.jars": env("RUNTIME_JARS"),
        # Delta, and Spark's kafka source for format("eventhubs-kafka"), as Fabric and Databricks ship them.
        "spark.jars.packages": env("DELTA_PACKAGE") + "," + env("KAFKA_PACKAGE"),
        "spark.jars.ivySettings": env("IVY_SETTINGS"),
        "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.databricks.delta.snapshotPartitions": "2",
    }
    submit = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit")
    command = [submit, "--class", SERVER]
    for key, value in conf.items():
        command += ["--conf", f"{key}={value}"]
    log = tmp_path_factory.mktemp("connect") / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            if server.poll() is not None:
                pytest.fail(f"The Connect server exited with {server.returncode}:\n{log.read_text()[-4000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"The Connect server did not listen within 180 s:\n{log.read_text()[-4000:]}")
                time.sleep(0.5)
        yield f"sc://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def client(connect_server):
    session = SparkSession.builder.remote(connect_server).getOrCreate()
    yield session
    session.stop()


def test_the_client_talks_to_the_expected_spark_over_connect(client, expected_spark):
    assert client.version.startswith(expected_spark), client.version
    assert type(client).__module__.startswith("pyspark.sql.connect"), type(client)


def test_batch_write_and_read_over_connect(client, connection_string):
    hub = sas(connection_string, "connect-batch")
    write(events(client, 0, 200), hub)
    assert bodies(read(client, hub)) == bodies(events(client, 0, 200))


def test_available_now_into_delta_and_restart_over_connect(client, connection_string, tmp_path):
    hub = sas(connection_string, "connect-stream")
    table, checkpoint = str(tmp_path / "table"), str(tmp_path / "checkpoint")
    write(events(client, 0, 150), hub)
    assert ingest_available_now(client, hub, table, checkpoint) == 150
    write(events(client, 150, 50), hub)
    assert ingest_available_now(client, hub, table, checkpoint) == 50
    keys = Counter((r.partition, r.sequenceNumber)
                   for r in client.read.format("delta").load(table).select("partition", "sequenceNumber").collect())
    assert len(keys) == 200 and max(keys.values()) == 1


def test_entra_id_over_connect(client, connection_string):
    hub = entra_id(connection_string, "connect-entra")
    write(events(client, 0, 30), hub)
    assert bodies(read(client, hub)) == bodies(events(client, 0, 30))


def test_streaming_write_over_connect(client, connection_string, tmp_path):
    source, target = sas(connection_string, "connect-in"), sas(connection_string, "connect-out")
    write(events(client, 0, 60), source)
    forward_available_now(client, source, target, str(tmp_path / "checkpoint"))
    assert bodies(read(client, target)) == bodies(events(client, 0, 60))


def test_the_kafka_endpoint_format_over_connect(client, tmp_path):
    """format("eventhubs-kafka") takes the same Event Hubs settings, so a Connect client needs no JVM helper."""
    settings = {"eventhubs.connectionString": env("KAFKA_CONNECTION_STRING"), "eventhubs.name": "connect-kafka",
                # The local broker stands in for <namespace>:9093 and has no TLS.
                "kafka.bootstrap.servers": env("KAFKA_BOOTSTRAP"), "kafka.security.protocol": "SASL_PLAINTEXT"}
    (events(client, 0, 80).select(F.col("body").alias("value"))
     .write.format("eventhubs-kafka").options(**settings).mode("append").save())

    query = (client.readStream.format("eventhubs-kafka").options(**settings)
             .option("startingOffsets", "earliest").load()
             .select("partition", "offset", F.col("value").cast("string").alias("body"))
             .writeStream.format("delta").option("checkpointLocation", str(tmp_path / "checkpoint"))
             .trigger(availableNow=True).start(str(tmp_path / "table")))
    query.awaitTermination(240)
    assert not query.isActive and query.exception() is None, query.exception()
    assert bodies(client.read.format("delta").load(str(tmp_path / "table"))) == bodies(events(client, 0, 80))

"""The connector from a Spark Connect client: a Connect server started with the jar attached (as a cluster library is),
and a PySpark client that only speaks gRPC to it (no spark._jvm), running the classic session's tests, plus the Kafka
endpoint through format("eventhubs-kafka")."""
import os
import socket
import subprocess
import time
import pyspark
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from conftest import env
from pipelines import bodies, events, finish
# The classic session's tests, run here with the Connect client as their `spark` fixture.
from test_runtime import (  # noqa: F401
    test_a_stream_writes_to_event_hubs, test_available_now_into_delta_then_a_restart_reads_only_the_new_events,
    test_batch_write_then_batch_read_returns_every_row_with_its_key_and_properties,
    test_entra_id_through_a_credential_provider_writes_and_reads,
    test_schema_registry_avro_encoded_on_write_decodes_on_read, test_schema_registry_functions_from_sql)

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
def spark(connect_server):
    """A Spark Connect client in place of the classic session, for the tests of test_runtime.py imported here."""
    session = SparkSession.builder.remote(connect_server).getOrCreate()
    yield session
    session.stop()


def test_the_client_talks_to_the_expected_spark_over_connect(spark, expected_spark):
    assert spark.version.startswith(expected_spark), spark.version
    assert type(spark).__module__.startswith("pyspark.sql.connect"), type(spark)


def test_the_kafka_endpoint_format_over_connect(spark, tmp_path):
    """format("eventhubs-kafka") takes the same Event Hubs settings, so a Connect client needs no JVM helper."""
    settings = {"eventhubs.connectionString": env("KAFKA_CONNECTION_STRING"), "eventhubs.name": "connect-kafka",
                # The local broker stands in for <namespace>:9093 and has no TLS.
                "kafka.bootstrap.servers": env("KAFKA_BOOTSTRAP"), "kafka.security.protocol": "SASL_PLAINTEXT"}
    (events(spark, 0, 80).select(F.col("body").alias("value"))
     .write.format("eventhubs-kafka").options(**settings).mode("append").save())

    query = (spark.readStream.format("eventhubs-kafka").options(**settings)
             .option("startingOffsets", "earliest").load()
             .select("partition", "offset", F.col("value").cast("string").alias("body"))
             .writeStream.format("delta").option("checkpointLocation", str(tmp_path / "checkpoint"))
             .trigger(availableNow=True).start(str(tmp_path / "table")))
    finish(query, "The eventhubs-kafka query")
    assert bodies(spark.read.format("delta").load(str(tmp_path / "table"))) == bodies(events(spark, 0, 80))

"""The connector on one Spark line: batch write and read, an AvailableNow stream into Delta and its restart, Entra ID
through a token provider, and a streaming write. The `spark` fixture is a classic PySpark session here; test_connect.py
runs the same tests with a Spark Connect client, and Schema Registry Avro through options alone."""
import json
from collections import Counter

from pyspark.sql import functions as F

from pipelines import (bodies, entra_id, events, forward_available_now, ingest_available_now, read, sas, write)


def test_the_cell_runs_its_spark_line_on_its_java(spark, expected_spark, expected_java):
    assert spark.version.startswith(expected_spark), spark.version
    java = spark.sparkContext._jvm.System.getProperty("java.specification.version")
    assert java == expected_java, java


def test_batch_write_then_batch_read_returns_every_row_with_its_key_and_properties(spark, connection_string):
    hub = sas(connection_string, "batch")
    sent = events(spark, 0, 400)
    write(sent, hub)

    got = read(spark, hub)
    rows = got.select(F.col("body").cast("string").alias("body"), "partitionKey", "properties", "partition").collect()
    assert sorted((r.body, r.partitionKey, r.properties["n"]) for r in rows) == sorted(
        (r.body, r.partitionKey, r.properties["n"]) for r in sent.collect())
    # The service routes a key to one partition.
    partitions_of_key = {}
    for r in rows:
        partitions_of_key.setdefault(r.partitionKey, set()).add(r.partition)
    assert all(len(p) == 1 for p in partitions_of_key.values()), partitions_of_key


def test_available_now_into_delta_then_a_restart_reads_only_the_new_events(spark, connection_string, tmp_path):
    hub = sas(connection_string, "stream")
    table, checkpoint = str(tmp_path / "table"), str(tmp_path / "checkpoint")
    write(events(spark, 0, 300), hub)

    assert sum(ingest_available_now(spark, hub, table, checkpoint)) == 300
    assert spark.read.format("delta").load(table).count() == 300

    write(events(spark, 300, 200), hub)
    assert sum(ingest_available_now(spark, hub, table, checkpoint)) == 200

    stored = spark.read.format("delta").load(table)
    keys = Counter((r.partition, r.sequenceNumber) for r in stored.select("partition", "sequenceNumber").collect())
    assert len(keys) == 500 and max(keys.values()) == 1, "every event exactly once"
    assert bodies(stored) == bodies(events(spark, 0, 500))


def test_entra_id_through_a_credential_provider_writes_and_reads(spark, connection_string):
    hub = entra_id(connection_string, "entra")
    write(events(spark, 0, 50), hub)
    assert bodies(read(spark, hub)) == bodies(events(spark, 0, 50))


def test_a_stream_writes_to_event_hubs(spark, connection_string, tmp_path):
    source, target = sas(connection_string, "forward-in"), sas(connection_string, "forward-out")
    write(events(spark, 0, 120), source)

    forward_available_now(spark, source, target, str(tmp_path / "checkpoint"))

    assert bodies(read(spark, target)) == bodies(events(spark, 0, 120))


READING = json.dumps({"type": "record", "name": "Reading", "namespace": "runtime", "fields": [
    {"name": "device", "type": "string"}, {"name": "temperature", "type": "double"},
    {"name": "tags", "type": {"type": "array", "items": "string"}}]})


def test_schema_registry_avro_encoded_on_write_decodes_on_read(spark, connection_string, registry):
    hub = {**sas(connection_string, "avro"), **registry, "eventhubs.schemaRegistry.schemaGroup": "runtime"}
    values = spark.range(0, 60).select(F.struct(
        F.concat(F.lit("device-"), (F.col("id") % 5).cast("string")).alias("device"),
        (F.col("id") / 2).alias("temperature"),
        F.array(F.lit("roof")).alias("tags")).alias("value"))
    (values.write.format("eventhubs-native").options(**hub)
     .option("eventhubs.schemaRegistry.writerSchema", READING).mode("append").save())

    got = read(spark, {**hub, "eventhubs.schemaRegistry.schemaName": "runtime.Reading"})
    rows = got.select("value.device", "value.temperature", "value.tags", "valueError").collect()
    assert sorted((r.device, r.temperature, tuple(r.tags), r.valueError) for r in rows) == sorted(
        (f"device-{i % 5}", i / 2, ("roof",), None) for i in range(60))


def test_schema_registry_functions_from_sql(spark, connection_string, registry):
    """The registry's schemas as SQL functions (SchemaRegistryCatalog): set up with runtime SQL confs, called
    through expr(), so a Spark Connect client needs no JVM helper either."""
    hub = {**sas(connection_string, "avro-sql"), **registry}
    spark.conf.set("spark.sql.catalog.registry", "io.eventhubsnative.spark.avro.SchemaRegistryCatalog")
    for key, value in hub.items():
        spark.conf.set(f"spark.sql.catalog.registry.{key}", value)
    # The functions find the schema registered: register it first, as a producer would have.
    (spark.range(0, 1).select(F.struct(F.lit("first").alias("device"), F.lit(0.0).alias("temperature"),
                                       F.array(F.lit("a")).alias("tags")).alias("value"))
     .write.format("eventhubs-native").options(**hub)
     .option("eventhubs.schemaRegistry.schemaGroup", "runtime")
     .option("eventhubs.schemaRegistry.writerSchema", READING).mode("append").save())
    encoded = spark.range(0, 20).select(F.expr(
        "registry.runtime.`runtime.Reading`(named_struct('device', 'sql-' || id, 'temperature', id * 1.0D,"
        " 'tags', array('a', 'b'))) AS e"))
    encoded.select("e.body", "e.contentType").write.format("eventhubs-native").options(**hub).mode("append").save()

    decoded = read(spark, hub).select(
        F.expr("registry.runtime.`runtime.Reading`(body, systemProperties['content-type']) AS r")).select("r.*")
    assert sorted(r.device for r in decoded.collect()) == sorted(["first"] + [f"sql-{i}" for i in range(20)])

"""Pipeline 8 as it runs: producers write with Python's official AvroEncoder (two versions of the schema), the job
decodes them into Delta, and its hot readings decode with the same encoder."""
import json
import time

from azure.core.credentials import AccessToken
from azure.eventhub import EventData, EventHubProducerClient
from azure.schemaregistry import SchemaRegistryClient
from azure.schemaregistry.encoder.avroencoder import AvroEncoder

import avro_telemetry

V1 = json.dumps({"type": "record", "name": "Reading", "namespace": "iot", "fields": [
    {"name": "device", "type": "string"}, {"name": "temperature", "type": "double"}]})
V2 = json.dumps({"type": "record", "name": "Reading", "namespace": "iot", "fields": [
    {"name": "device", "type": "string"}, {"name": "temperature", "type": "double"},
    {"name": "site", "type": "string", "default": "unknown"}]})


class LocalToken:
    """A TokenCredential as azure-identity's are; the local registry takes any well-formed JWT."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("eyJhbGciOiJub25lIn0.eyJzdWIiOiJweXRlc3QifQ.", int(time.time()) + 3600)


def encoder(registry):
    client = SchemaRegistryClient(
        fully_qualified_namespace=registry["eventhubs.schemaRegistry.namespace"], credential=LocalToken(),
        connection_verify=registry["eventhubs.schemaRegistry.trustCertificate"])
    return AvroEncoder(client=client, group_name="telemetry", auto_register=True)


def produce(hub, avro, first, count, schema):
    with EventHubProducerClient.from_connection_string(
            hub["eventhubs.connectionString"], eventhub_name=hub["eventhubs.name"]) as producer:
        batch = producer.create_batch()
        for i in range(first, first + count):
            reading = {"device": f"device-{i % 10}", "temperature": 15.0 + i % 20}
            if "site" in schema:
                reading["site"] = f"plant-{i % 3}"
            batch.add(avro.encode(reading, schema=schema, message_type=EventData))
        producer.send_batch(batch)


def test_encoder_events_land_in_delta_and_hot_readings_decode_with_the_encoder(spark, hub, second_hub, registry,
                                                                                 tmp_path):
    avro = encoder(registry)
    produce(hub, avro, 0, 300, V1)
    produce(hub, avro, 300, 200, V2)
    table = str(tmp_path / "readings")
    avro_telemetry.to_delta(spark, hub, registry, table, str(tmp_path / "c1"), {"availableNow": True}) \
        .awaitTermination()

    rows = spark.read.format("delta").load(table)
    assert rows.count() == 500
    assert rows.select("partition", "sequenceNumber").distinct().count() == 500
    assert rows.where("site = 'unknown'").count() == 300, "v1 events read as the newest schema get its default"
    assert rows.where("site like 'plant-%'").count() == 200
    assert rows.where("device is null or temperature is null").count() == 0

    avro_telemetry.hot_readings(spark, hub, second_hub, registry, 32.0, str(tmp_path / "c2"),
                                {"availableNow": True}).awaitTermination()
    alerts = (spark.read.format("eventhubs-native").options(**second_hub)
              .load().select("body", "systemProperties").collect())
    assert len(alerts) == rows.where("temperature > 32").count() == 50
    for alert in alerts:
        decoded = avro.decode({"content": bytes(alert.body),
                               "content_type": alert.systemProperties["content-type"]})
        assert decoded["temperature"] > 32.0
        assert decoded["device"].startswith("device-")
        assert set(decoded) == {"device", "temperature", "sequenceNumber"}

"""The official Python SDK (azure-eventhub, its own pyamqp stack) against local-eventhubs, as a user would run it.

LocalEventHubsPythonSdkTest starts the endpoint with the hubs below and runs this file in .venvs/azure-eventhub with
CONNECTION_STRING (the namespace's, as `java -jar local-eventhubs.jar` prints it).
"""
import datetime
import json
import logging
import os
import re
import threading
import time

import pytest
from azure.core.credentials import AccessToken
from azure.eventhub import EventData, EventHubConsumerClient, EventHubProducerClient
from azure.eventhub.exceptions import AuthenticationError, ConnectError, EventDataSendError, EventHubError

CONNECTION_STRING = os.environ["CONNECTION_STRING"]
TIMEOUT = 60


def producer(hub, connection_string=CONNECTION_STRING, **options):
    return EventHubProducerClient.from_connection_string(connection_string, eventhub_name=hub, **options)


def consumer(hub, group="$Default", connection_string=CONNECTION_STRING):
    return EventHubConsumerClient.from_connection_string(
        connection_string, consumer_group=group, eventhub_name=hub)


def receive(hub, count, partition_id="0", **kwargs):
    """The first `count` events a consumer of one partition receives, then closes it."""
    events, done = [], threading.Event()
    client = consumer(hub, kwargs.pop("consumer_group", "$Default"))

    def on_event(context, event):
        if event is not None and len(events) < count:
            events.append(event)
            if len(events) == count:
                done.set()

    worker = threading.Thread(
        target=client.receive,
        kwargs=dict(on_event=on_event, partition_id=partition_id, **kwargs),
        daemon=True)
    worker.start()
    finished = done.wait(TIMEOUT)
    client.close()
    worker.join(TIMEOUT)
    assert finished, f"received {len(events)} of {count} events of {hub}/{partition_id}"
    return events


def test_properties_name_the_hub_and_its_partitions():
    with producer("py-props") as client:
        hub = client.get_eventhub_properties()
        assert hub["eventhub_name"] == "py-props"
        assert hub["partition_ids"] == ["0", "1", "2"]
        partition = client.get_partition_properties("1")
        assert partition["id"] == "1"
        assert partition["is_empty"] is True


def test_a_batch_sent_to_a_partition_is_received_in_order_with_its_properties():
    with producer("py-send") as client:
        batch = client.create_batch(partition_id="0")
        for i in range(10):
            event = EventData(f"event {i}")
            event.properties = {"index": i}
            batch.add(event)
        client.send_batch(batch)
        after = client.get_partition_properties("0")
    assert after["last_enqueued_sequence_number"] == 9
    events = receive("py-send", 10, starting_position="-1")
    assert [e.body_as_str() for e in events] == [f"event {i}" for i in range(10)]
    assert [e.properties[b"index"] for e in events] == list(range(10))
    assert [e.sequence_number for e in events] == list(range(10))


def test_events_with_one_partition_key_land_in_one_partition():
    with producer("py-key") as client:
        for i in range(6):
            client.send_batch([EventData(f"k{i}")], partition_key="device-7")
        counts = [client.get_partition_properties(p) for p in ("0", "1", "2")]
    filled = [p for p in counts if not p["is_empty"]]
    assert len(filled) == 1
    assert filled[0]["last_enqueued_sequence_number"] == 5
    events = receive("py-key", 6, partition_id=filled[0]["id"], starting_position="-1")
    assert [e.partition_key for e in events] == [b"device-7"] * 6


def test_every_kind_of_starting_position():
    with producer("py-positions") as client:
        client.send_batch([EventData(f"e{i}") for i in range(5)], partition_id="0")
        events = receive("py-positions", 5, starting_position="-1")
        third = events[2]
        later = receive("py-positions", 2, starting_position=third.sequence_number)
        assert [e.sequence_number for e in later] == [3, 4]
        inclusive = receive(
            "py-positions", 3, starting_position=third.sequence_number, starting_position_inclusive=True)
        assert [e.sequence_number for e in inclusive] == [2, 3, 4]
        by_offset = receive("py-positions", 2, starting_position=str(third.offset))
        assert [e.sequence_number for e in by_offset] == [3, 4]
        by_time = receive(
            "py-positions", 5, starting_position=events[0].enqueued_time - datetime.timedelta(seconds=1))
        assert [e.sequence_number for e in by_time] == [0, 1, 2, 3, 4]
        # "@latest": only what is sent after the consumer attached.
        found, done = [], threading.Event()
        latest = consumer("py-positions")

        def on_event(context, event):
            if event is not None:
                found.append(event)
                done.set()

        worker = threading.Thread(
            target=latest.receive,
            kwargs=dict(on_event=on_event, partition_id="0", starting_position="@latest"),
            daemon=True)
        worker.start()
        client.send_batch([EventData("new")], partition_id="0")
        # The consumer may attach after that send; send again until it sees one, which must be a new event.
        for _ in range(TIMEOUT):
            if done.wait(1):
                break
            client.send_batch([EventData("new")], partition_id="0")
        latest.close()
        worker.join(TIMEOUT)
        assert found and found[0].body_as_str() == "new" and found[0].sequence_number >= 5


def first_error(hub, partition_id="0", **kwargs):
    """The first error a consumer of one partition reports through on_error, then closes it."""
    errors, failed = [], threading.Event()
    client = consumer(hub, kwargs.pop("consumer_group", "$Default"))

    def on_error(context, error):
        errors.append(error)
        failed.set()

    worker = threading.Thread(
        target=client.receive,
        kwargs=dict(on_event=lambda context, event: None, on_error=on_error, partition_id=partition_id, **kwargs),
        daemon=True)
    worker.start()
    return client, worker, failed, errors


def test_a_higher_owner_level_takes_the_partition_over():
    with producer("py-epoch") as client:
        client.send_batch([EventData(f"e{i}") for i in range(3)], partition_id="0")
    first, worker, failed, errors = first_error("py-epoch", starting_position="-1", owner_level=1)
    try:
        # The second consumer, of a higher owner level, reads; the first is disconnected with an error saying why.
        events = receive("py-epoch", 3, starting_position="-1", owner_level=2)
        assert [e.body_as_str() for e in events] == ["e0", "e1", "e2"]
        assert failed.wait(TIMEOUT), "the first consumer was not disconnected"
        assert "epoch" in str(errors[0]).lower() or "owner" in str(errors[0]).lower(), errors[0]
    finally:
        first.close()
        worker.join(TIMEOUT)


def test_a_wrong_key_fails_with_an_authentication_error():
    wrong = CONNECTION_STRING.replace("SharedAccessKey=", "SharedAccessKey=wrong")
    # One try, as the refusal is final: the SDK's three retries only wait longer for it.
    with producer("py-props", wrong, retry_total=0) as client:
        with pytest.raises((AuthenticationError, ConnectError, EventHubError)) as failure:
            client.get_eventhub_properties()
    assert "unauthorized" in str(failure.value).lower() or "401" in str(failure.value)


def test_an_unknown_hub_fails_naming_it():
    with producer("no-such-hub", retry_total=0) as client:
        with pytest.raises(EventHubError) as failure:
            client.get_eventhub_properties()
    assert "no-such-hub" in str(failure.value)


def test_an_oversize_event_is_refused():
    with producer("py-send") as client:
        with pytest.raises((EventDataSendError, EventHubError, ValueError)):
            client.send_batch([EventData(b"x" * (2 * 1024 * 1024))], partition_id="1")


class FakeEntraCredential:
    """A TokenCredential as azure-identity's are, with a token the endpoint accepts as a JWT; records the scopes."""

    def __init__(self):
        self.scopes = []

    def get_token(self, *scopes, **kwargs):
        self.scopes.append(scopes)
        return AccessToken("eyJhbGciOiJub25lIn0.eyJzdWIiOiJweXRlc3QifQ.", int(time.time()) + 3600)


def test_a_token_credential_signs_in_with_jwt_over_websockets():
    # A custom endpoint address makes the Python SDK speak AMQP over WebSockets (websocket-client); no TLS here.
    port = re.search(r"sb://localhost:(\d+)", CONNECTION_STRING).group(1)
    credential = FakeEntraCredential()
    client = EventHubProducerClient(
        fully_qualified_namespace="localhost", eventhub_name="py-jwt", credential=credential,
        custom_endpoint_address=f"sb://localhost:{port}", use_tls=False)
    with client:
        assert client.get_eventhub_properties()["partition_ids"] == ["0"]
        client.send_batch([EventData("signed in with a token")], partition_id="0")
    assert credential.scopes and all(s == ("https://eventhubs.azure.net//.default",) for s in credential.scopes)
    events = receive("py-jwt", 1, partition_id="0", starting_position="-1")
    assert events[0].body_as_str() == "signed in with a token"


def test_an_unknown_consumer_group_is_refused_naming_it(caplog):
    # The service refuses the token for a consumer group that does not exist with 404; the SDK's consumer retries
    # its sign-in and never calls on_error for it, so the refusal is read from the SDK's own log.
    caplog.set_level(logging.DEBUG, logger="azure.eventhub._pyamqp.cbs")
    client, worker, failed, errors = first_error("py-props", consumer_group="no-such-group", starting_position="-1")
    try:
        deadline = time.time() + TIMEOUT
        refused = []
        while not refused and time.time() < deadline:
            refused = [r.getMessage() for r in caplog.records
                       if "404" in r.getMessage() and "consumergroups/no-such-group" in r.getMessage()]
            time.sleep(0.2)
        assert refused, "no 404 for the unknown consumer group"
        assert "could not be found" in refused[0]
    finally:
        client.close()
        worker.join(TIMEOUT)


def test_the_avro_encoder_registers_its_schema_and_its_events_decode():
    # The official encoder against the endpoint's Schema Registry (HTTPS, trusting its certificate); the Java side
    # of this test (PythonSdkTest) then decodes the event with the official Java serializer.
    from azure.schemaregistry import SchemaRegistryClient
    from azure.schemaregistry.encoder.avroencoder import AvroEncoder

    registry = SchemaRegistryClient(
        fully_qualified_namespace=os.environ["REGISTRY_NAMESPACE"], credential=FakeEntraCredential(),
        connection_verify=os.environ["REGISTRY_CA"])
    schema = json.dumps({"type": "record", "name": "Reading", "namespace": "iot", "fields": [
        {"name": "device", "type": "string"}, {"name": "temperature", "type": "double"}]})
    with registry:
        encoder = AvroEncoder(client=registry, group_name="py-schemas", auto_register=True)
        event = encoder.encode({"device": "py-7", "temperature": 19.25}, schema=schema, message_type=EventData)
        assert re.fullmatch(r"avro/binary\+[0-9a-f]{32}", event.content_type), event.content_type
        with producer("py-avro") as client:
            client.send_batch([event], partition_id="0")
        received = receive("py-avro", 1, starting_position="-1")[0]
        assert received.content_type == event.content_type
        fresh = AvroEncoder(client=registry, group_name="py-schemas")
        assert fresh.decode(received) == {"device": "py-7", "temperature": 19.25}

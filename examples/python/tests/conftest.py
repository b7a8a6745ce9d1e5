"""Fixtures of the PySpark examples' tests: one local Event Hubs endpoint and one Spark session per run."""
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import threading

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from session import get_spark, hub_options  # noqa: E402

HUBS = [f"iot{i}" for i in range(1, 21)]


REGISTRY = re.compile(r"Schema Registry: (\S+), groups .*clients trust (\S+) \(PEM\)")


@pytest.fixture(scope="session")
def local_eventhubs(tmp_path_factory):
    """Runs local-eventhubs.jar on a free port with 20 hubs of 4 partitions and a Schema Registry with the group
    telemetry; yields its connection string and the registry's options."""
    jar = os.environ.get("LOCAL_EVENTHUBS_JAR")
    if not jar or not os.path.isfile(jar):
        pytest.fail("LOCAL_EVENTHUBS_JAR must name local-eventhubs/target/local-eventhubs.jar. "
                    "Run the tests through Maven: mvn -B -pl examples -am verify")
    config = tmp_path_factory.mktemp("endpoint") / "Config.json"
    config.write_text(json.dumps({"UserConfig": {
        "NamespaceConfig": [{"Type": "EventHub", "Name": "emulatorNs1", "Entities": [
            {"Name": name, "PartitionCount": 4, "ConsumerGroups": []} for name in HUBS]}],
        "LoggingConfig": {"Type": "File"}}}))
    process = subprocess.Popen(["java", "-jar", jar, "--host", "127.0.0.1", "--port", "0", "--config", str(config),
                                "--schema-registry", "telemetry"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    connection_string, registry = None, None
    try:
        for line in process.stdout:
            if line.startswith("Connection string: "):
                connection_string = line[len("Connection string: "):].strip()
            found = REGISTRY.search(line)
            if found:
                registry = {"eventhubs.schemaRegistry.namespace": found.group(1),
                            "eventhubs.schemaRegistry.trustCertificate": found.group(2)}
            if "ready on port" in line:
                break
        if connection_string is None:
            pytest.fail(f"local-eventhubs did not start (exit code {process.poll()})")
        # Keep draining its output so the endpoint never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
        yield connection_string, registry
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def endpoint(local_eventhubs):
    """The endpoint's connection string."""
    return local_eventhubs[0]


@pytest.fixture(scope="session")
def registry(local_eventhubs):
    """The options that point eventhubs-native at the endpoint's Schema Registry."""
    return local_eventhubs[1]


@pytest.fixture(scope="session")
def spark():
    session = get_spark("eventhubs-native pytest")
    yield session
    session.stop()


_names = itertools.count()


@pytest.fixture
def hub(endpoint):
    """The options of an event hub no other test uses."""
    return hub_options(endpoint, HUBS[next(_names)])


@pytest.fixture
def second_hub(endpoint):
    """The options of another event hub no other test uses, for pipelines that write to a hub."""
    return hub_options(endpoint, HUBS[next(_names)])


KAFKA_KEY_NAME = "RootManageSharedAccessKey"
KAFKA_KEY = "cHl0ZXN0LWthZmthLWtleQ=="


def _free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


@pytest.fixture(scope="session")
def kafka(tmp_path_factory):
    """A real Kafka broker (module local-kafka) that signs clients in like the Event Hubs Kafka endpoint; yields the
    Event Hubs settings of its topic `iot`, pointed at its SASL_PLAINTEXT listener."""
    home = os.environ.get("LOCAL_KAFKA_HOME")
    if not home or not os.path.isdir(os.path.join(home, "lib")):
        pytest.fail("LOCAL_KAFKA_HOME must name local-kafka/target. Run the tests through Maven: mvn -B -pl examples -am verify")
    sasl, plain, controller = _free_ports(3)
    classpath = os.path.join(home, "classes") + os.pathsep + os.path.join(home, "lib", "*")
    process = subprocess.Popen(
        ["java", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", f"-Dlocalkafka.keyName={KAFKA_KEY_NAME}",
         f"-Dlocalkafka.key={KAFKA_KEY}", "-Dlocalkafka.audience=https://127.0.0.1", "-cp", classpath,
         "io.eventhubsnative.localkafka.LocalKafkaMain", str(tmp_path_factory.mktemp("kafka")),
         str(sasl), str(plain), str(controller), "iot:4"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        seen = []
        for line in process.stdout:
            if line.strip() == "local-kafka ready":
                break
            seen.append(line)
        else:
            pytest.fail("local-kafka did not start:\n" + "".join(seen))
        threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
        yield {
            "eventhubs.connectionString":
                f"Endpoint=sb://127.0.0.1/;SharedAccessKeyName={KAFKA_KEY_NAME};SharedAccessKey={KAFKA_KEY}",
            "eventhubs.name": "iot",
            "kafka.bootstrap.servers": f"127.0.0.1:{sasl}",
            "kafka.security.protocol": "SASL_PLAINTEXT",
        }
    finally:
        process.stdin.close()  # the broker halts when its input closes
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

"""One runtime cell of the matrix: the Spark of this virtual environment (or of SPARK_HOME), the connector jar of its
Scala line, Delta of its line, and an Event Hubs endpoint started by the JUnit harness (RuntimeMatrixTest).

Environment, set by the harness:
  EVENTHUBS_CONNECTION_STRING  the endpoint's connection string (no EntityPath)
  RUNTIME_JARS                 comma-separated jars for spark.jars: the shaded connector and the test token provider
  DELTA_PACKAGE                Delta's Maven coordinates for this Spark line, resolved by Spark through Ivy
  IVY_SETTINGS                 an Ivy settings file that resolves from Maven Central only
  EXPECTED_SPARK               the Spark version prefix this cell must run, e.g. 4.1
  EXPECTED_JAVA                the Java feature version the driver JVM must run, e.g. 17
  REGISTRY_NAMESPACE           the endpoint's Schema Registry (localhost:<port>), with the group "runtime"
  REGISTRY_CERTIFICATE         the PEM certificate the registry serves
"""
import os

import pytest
from pyspark.sql import SparkSession


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the matrix through Maven (mvn -B -pl runtimes -am verify)")
    return value


def session_builder(builder):
    """The settings a notebook's cluster has: the connector jar attached, Delta with its catalog."""
    return (builder
            .config("spark.jars", env("RUNTIME_JARS"))
            .config("spark.jars.packages", env("DELTA_PACKAGE"))
            .config("spark.jars.ivySettings", env("IVY_SETTINGS"))
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.databricks.delta.snapshotPartitions", "2"))


@pytest.fixture(scope="session")
def spark():
    session = session_builder(SparkSession.builder.master("local[2]").appName("eventhubs-native runtime matrix"))
    session = session.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def connection_string():
    return env("EVENTHUBS_CONNECTION_STRING")


@pytest.fixture(scope="session")
def registry():
    """The options that point eventhubs-native at the endpoint's Schema Registry (on Azure: none, it is the
    namespace's)."""
    return {"eventhubs.schemaRegistry.namespace": env("REGISTRY_NAMESPACE"),
            "eventhubs.schemaRegistry.trustCertificate": env("REGISTRY_CERTIFICATE")}


@pytest.fixture(scope="session")
def expected_spark():
    return env("EXPECTED_SPARK")


@pytest.fixture(scope="session")
def expected_java():
    return env("EXPECTED_JAVA")

# Databricks notebook source
# MAGIC %md
# MAGIC # The Spark session and the event hub settings of the examples
# MAGIC On Fabric, Databricks or Synapse the session already exists and the connector jar is attached to the
# MAGIC cluster or environment: `get_spark()` then returns that session. Locally it starts one that attaches the
# MAGIC shaded jar through `spark.jars`, exactly as a notebook's `%%configure` does.

# COMMAND ----------

import glob
import os

from pyspark.sql import SparkSession


def get_spark(app_name: str = "eventhubs-native examples") -> SparkSession:
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    jars_dir = os.environ.get("PYTHON_JARS")
    if not jars_dir or not glob.glob(os.path.join(jars_dir, "eventhubs-native-spark_*.jar")):
        raise RuntimeError(
            "PYTHON_JARS must name a folder with the shaded eventhubs-native jar and Delta's jars. "
            "Build it with: mvn -B -pl examples -am verify (it fills examples/target/python-jars)")
    jars = ",".join(sorted(glob.glob(os.path.join(jars_dir, "*.jar"))))
    spark = (SparkSession.builder
             .master(os.environ.get("SPARK_MASTER", "local[2]"))
             .appName(app_name)
             .config("spark.jars", jars)
             .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
             .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def hub_options(connection_string: str, name: str) -> dict:
    """The options of an event hub. On Fabric: notebookutils.credentials.getSecret(vault, secret_name) for the
    connection string; on Databricks: dbutils.secrets.get(scope, key). Never paste a key into a notebook."""
    return {"eventhubs.connectionString": connection_string, "eventhubs.name": name}


def hub_from_environment() -> dict:
    connection_string = os.environ.get("EVENTHUBS_CONNECTION_STRING")
    if not connection_string:
        raise RuntimeError("Set EVENTHUBS_CONNECTION_STRING, e.g. Endpoint=sb://<namespace>.servicebus.windows.net/;"
                           "SharedAccessKeyName=...;SharedAccessKey=...")
    return hub_options(connection_string, os.environ.get("EVENTHUB_NAME", "iot"))

"""What the matrix runs on every Spark line, written as a notebook user writes it. Each function works on a classic
session and on a Spark Connect one alike (no spark._jvm, no sparkContext)."""
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

PROVIDER = "io.eventhubsnative.runtimes.provider.RecordingTokenProvider"


def sas(connection_string: str, hub: str) -> dict:
    return {"eventhubs.connectionString": connection_string, "eventhubs.name": hub}


def entra_id(connection_string: str, hub: str) -> dict:
    """Microsoft Entra ID through a user token provider; the local endpoint's connection string only gives the
    address (its UseDevelopmentEmulator=true allows that combination)."""
    return {**sas(connection_string, hub), "eventhubs.auth": "credentialProvider",
            "eventhubs.credentialProvider": PROVIDER}


def events(spark: SparkSession, first: int, count: int) -> DataFrame:
    """Rows for the sink: a JSON body, a partition key per device, and an application property."""
    return (spark.range(first, first + count)
            .select(F.to_json(F.struct(F.col("id"), (F.col("id") % 10).alias("device"))).alias("body"),
                    F.concat(F.lit("device-"), (F.col("id") % 10).cast("string")).alias("partitionKey"),
                    F.create_map(F.lit("n"), F.col("id").cast("string")).alias("properties")))


def write(df: DataFrame, options: dict) -> None:
    df.write.format("eventhubs-native").options(**options).mode("append").save()


def read(spark: SparkSession, options: dict) -> DataFrame:
    return (spark.read.format("eventhubs-native").options(**options)
            .option("eventhubs.startingPosition", "earliest").load())


def ingest_available_now(spark: SparkSession, options: dict, table: str, checkpoint: str,
                         max_events: int = 150) -> list:
    """Everything the hub has now into a Delta table, as a scheduled job does; returns the rows of each batch."""
    query = (spark.readStream.format("eventhubs-native").options(**options)
             .option("eventhubs.startingPosition", "earliest")
             .option("maxEventsPerTrigger", max_events)
             .load()
             .select("partition", "sequenceNumber", "enqueuedTime", F.col("body").cast("string").alias("body"))
             .writeStream.format("delta")
             .option("checkpointLocation", checkpoint)
             .trigger(availableNow=True)
             .start(table))
    finish(query, "The AvailableNow query")
    return [rows for rows in (input_rows(progress) for progress in query.recentProgress) if rows > 0]


def input_rows(progress) -> int:
    """Rows of one trigger: PySpark 4 gives progress objects, PySpark 3 dicts."""
    rows = getattr(progress, "numInputRows", None)
    return rows if rows is not None else progress["numInputRows"]


def finish(query, what: str, seconds: int = 240) -> None:
    """Waits for an AvailableNow query; fails if it runs too long or failed."""
    query.awaitTermination(seconds)
    if query.isActive:
        query.stop()
        raise AssertionError(f"{what} did not finish within {seconds} s")
    if query.exception() is not None:
        raise AssertionError(f"{what} failed: {query.exception()}")


def forward_available_now(spark: SparkSession, source: dict, target: dict, checkpoint: str) -> None:
    """A stream from one hub into another through the sink."""
    query = (spark.readStream.format("eventhubs-native").options(**source)
             .option("eventhubs.startingPosition", "earliest")
             .load()
             .select("body", "partitionKey", "properties")
             .writeStream.format("eventhubs-native").options(**target)
             .option("checkpointLocation", checkpoint)
             .trigger(availableNow=True)
             .start())
    finish(query, "The forwarding query")


def bodies(df: DataFrame) -> list:
    return sorted(row[0] for row in df.select(F.col("body").cast("string")).collect())

"""A driver that runs a real-time query until it is killed (test_realtime.py sends it SIGKILL, then starts it again).
Arguments: connection string, event hub, store folder, checkpoint. The connector comes from RUNTIME_JARS."""
import sys

from pyspark.sql import SparkSession

from realtime import start


def main(connection_string, hub, out, checkpoint):
    spark = (SparkSession.builder.master("local[6]").appName("eventhubs-native real-time driver")
             .config("spark.jars", __import__("os").environ["RUNTIME_JARS"])
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    query = start(spark, {"eventhubs.connectionString": connection_string, "eventhubs.name": hub}, out, checkpoint)
    print("started", flush=True)
    query.awaitTermination()


if __name__ == "__main__":
    main(*sys.argv[1:])

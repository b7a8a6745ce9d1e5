"""The driver of the Spark 4.1 standalone-cluster test (FabricClusterTest), run by PySpark as a Fabric notebook runs:
the connector reaches the executors only through spark.jars. It records which JVMs ran tasks and what they had on
their classpath, drains the hub into Delta with Trigger.AvailableNow, and writes a tab-separated result file.

Arguments: master URL, connector jar, connection string, event hub, table, checkpoint, executors, result file.
Delta is on the cluster's classpath, as on Fabric.
"""
import os
import sys
import time

from pyspark.sql import SparkSession

from pipelines import ingest_available_now


def main(master, jar, connection_string, hub, table, checkpoint, executors, result):
    spark = (SparkSession.builder.master(master).appName("eventhubs-native Spark 4.1 cluster test")
             .config("spark.jars", jar)
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false")
             .config("spark.executor.memory", "1g")
             .config("spark.executor.cores", "1")
             .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
             .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
             .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
             .config("spark.sql.shuffle.partitions", "2")
             .config("spark.databricks.delta.snapshotPartitions", "2")
             .getOrCreate())
    lines = []
    try:
        tracker = spark.sparkContext._jsc.sc().statusTracker()
        deadline = time.monotonic() + 90
        while len(tracker.getExecutorInfos()) < int(executors) + 1:  # the driver is listed too
            if time.monotonic() > deadline:
                raise RuntimeError(f"Only {len(tracker.getExecutorInfos()) - 1} of {executors} executors registered")
            time.sleep(0.2)
        lines.append(f"driver\t{os.getpid()}")
        jvms = (spark.range(0, 4 * int(executors), 1, 4 * int(executors))
                .selectExpr("reflect('java.lang.ProcessHandle', 'current') AS pid",
                            "reflect('java.lang.System', 'getProperty', 'sun.java.command') AS command",
                            "reflect('java.lang.System', 'getProperty', 'java.class.path') AS classpath",
                            "reflect('io.netty.util.Version', 'identify') AS netty",
                            "reflect('java.lang.System', 'getProperty', 'java.version') AS java")
                .distinct().collect())
        for jvm in jvms:
            lines.append("\t".join(
                ["executor", jvm.pid, jvm.command.replace("\t", " "), jvm.classpath, jvm.netty, jvm.java]))

        hub_options = {"eventhubs.connectionString": connection_string, "eventhubs.name": hub}
        for batch, rows in enumerate(ingest_available_now(spark, hub_options, table, checkpoint, max_events=90)):
            lines.append(f"batch\t{batch}\t{rows}")
        for row in spark.read.format("delta").load(table).select("partition", "sequenceNumber", "body").collect():
            lines.append(f"row\t{row.partition}\t{row.sequenceNumber}\t{row.body}")
    finally:
        spark.stop()
    partial = result + ".partial"
    with open(partial, "w") as out:
        out.write("\n".join(lines) + "\n")
    os.replace(partial, result)


if __name__ == "__main__":
    main(*sys.argv[1:])

package io.eventhubsnative.bench;

import org.apache.spark.sql.SparkSession;

/** The Spark session of the benchmarks: {@code local[2]} as on the CI machine kind, UI off, all on loopback. */
final class BenchSpark {

  private BenchSpark() {}

  static SparkSession start(String appName) {
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName(appName)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}

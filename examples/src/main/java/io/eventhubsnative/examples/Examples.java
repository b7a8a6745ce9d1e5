package io.eventhubsnative.examples;

import org.apache.spark.sql.SparkSession;

/** The session of the examples' mains: Delta enabled; {@code local[2]} unless spark-submit set a master. */
public final class Examples {

    private Examples() {}

    public static SparkSession session(String appName) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.shuffle.partitions", "4");
        if (!System.getProperties().containsKey("spark.master")) {
            builder.master("local[2]").config("spark.ui.enabled", "false");
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        return spark;
    }
}

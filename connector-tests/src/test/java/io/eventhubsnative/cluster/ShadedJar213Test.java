package io.eventhubsnative.cluster;

/** {@code eventhubs-native-spark_2.13}: Java 17 bytecode, which every Spark 4 and Scala 2.13 runtime runs. */
class ShadedJar213Test extends ShadedJarChecks {
    ShadedJar213Test() {
        super(ShadedJar::locateScala213, 61, "a Java 17 runtime (Spark 4, Databricks 16.4 LTS)");
    }
}

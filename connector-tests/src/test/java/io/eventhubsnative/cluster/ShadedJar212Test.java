package io.eventhubsnative.cluster;

/** {@code eventhubs-native-spark_2.12}: Java 8 bytecode, for Databricks 13.3-15.4 LTS. */
class ShadedJar212Test extends ShadedJarChecks {
    ShadedJar212Test() {
        super(ShadedJar::locate, 52, "a Java 8 runtime (Databricks 13.3-15.4 LTS)");
    }
}

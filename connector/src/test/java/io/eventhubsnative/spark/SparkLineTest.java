package io.eventhubsnative.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkLineTest {

    @Test
    void theJarOfTheRunningScalaLinePasses() {
        assertThat(SparkLine.problem("eventhubs-native-spark_2.12", "0.1.0", "2.12", "3.5.7", "2.12.18"))
                .isNull();
        assertThat(SparkLine.problem("eventhubs-native-spark_2.13", "0.1.0", "2.13", "4.1.1", "2.13.17"))
                .isNull();
    }

    @Test
    void theWrongScalaLineNamesTheJarToAttach() {
        assertThat(SparkLine.problem("eventhubs-native-spark_2.12", "0.1.0", "2.12", "4.1.1", "2.13.17"))
                .isEqualTo("eventhubs-native-spark_2.12 0.1.0 is built for Scala 2.12 (Spark 3.4 and 3.5), but this is"
                        + " Spark 4.1.1 on Scala 2.13.17. Attach eventhubs-native-spark_2.13 instead (Maven coordinates"
                        + " io.eventhubsnative:eventhubs-native-spark_2.13:0.1.0) and remove eventhubs-native-spark_2.12 from the"
                        + " cluster's libraries.");
        assertThat(SparkLine.problem("eventhubs-native-spark_2.13", "0.1.0", "2.13", "3.5.0", "2.12.15"))
                .startsWith("eventhubs-native-spark_2.13 0.1.0 is built for Scala 2.13 (Spark 3.5, 4.0, 4.1 and 4.2)")
                .contains("Attach eventhubs-native-spark_2.12 instead");
    }

    @Test
    void anUntestedSparkOfTheRightLineOnlyWarns() {
        assertThat(SparkLine.untested("2.12", "3.4.4")).isNull();
        assertThat(SparkLine.untested("2.13", "4.2.0")).isNull();
        assertThat(SparkLine.untested("2.13", "4.3.0")).contains("not on Spark 4.3.0");
        assertThat(SparkLine.untested("2.12", "3.3.2")).contains("tested on Spark 3.4 and 3.5, not on Spark 3.3.2");
    }

    @Test
    void theRunningSparkIsTheOneThisJarIsBuiltFor() {
        SparkLine.check();
    }
}

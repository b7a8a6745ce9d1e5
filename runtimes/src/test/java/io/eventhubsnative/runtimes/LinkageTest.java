package io.eventhubsnative.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linkage check finds what the wrong jar would fail on: the _2.12 jar's Scala 2.12 types on Spark 4.1. */
class LinkageTest {

    @Test
    void theScala212JarDoesNotLinkOnSpark41AndTheCheckSaysWhere() throws Exception {
        PySpark spark41 = PySpark.prepare(RuntimeCell.SPARK_4_1);
        Path scala212 = Path.of(System.getProperty("runtimes.jars"))
                .resolve(RuntimeCell.SPARK_3_5.connectorJar(System.getProperty("runtimes.version")));

        List<String> problems = Linkage.unresolved(scala212, spark41.sparkJars());

        assertThat(problems)
                .as("the executor list of the block manager, typed with Scala 2.12's Seq")
                .anyMatch(
                        p -> p.contains("ExecutorLocations")
                                && p.contains(
                                        "org/apache/spark/storage/BlockManagerMaster.getPeers(Lorg/apache/spark/storage/BlockManagerId;)Lscala/collection/Seq;"));
        assertThat(Linkage.unresolved(spark41.connectorJar(), spark41.sparkJars()))
                .as("the _2.13 jar on Spark 4.1")
                .isEmpty();
    }
}

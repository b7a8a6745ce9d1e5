package io.eventhubsnative.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the connector's deployable (shaded) jar is: the {@code eventhubs-native-spark_2.12} artifact Maven put on this
 * module's test classpath (connector/scala-2.12/target/*.jar in a reactor build that reached {@code package}, the installed jar
 * with {@code -pl connector-tests}), or {@code -Dcluster.connectorJar=...}. A reactor build that ends before
 * {@code package} ({@code mvn test}) puts connector/scala-2.12/target/classes there instead; the tests that need the jar are
 * then skipped (a JUnit assumption), not failed.
 */
final class ShadedJar {

    static final String ARTIFACT_PREFIX = "eventhubs-native-spark_2.12";

    private ShadedJar() {}

    static Path locate() {
        String explicit = System.getProperty("cluster.connectorJar");
        if (explicit != null && !explicit.isEmpty()) {
            return existing(Paths.get(explicit));
        }
        // Surefire's forked JVM may see only its booter jar in java.class.path.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            Path name = path.getFileName();
            if (name != null && name.toString().startsWith(ARTIFACT_PREFIX) && entry.endsWith(".jar")) {
                return existing(path);
            }
            // A reactor build that stops before package (mvn test) has no jar yet: nothing to check, say so.
            Assumptions.assumeFalse(
                    path.endsWith(Paths.get("scala-2.12", "target", "classes")),
                    "The connector is on the test classpath as " + path
                            + ", not as its shaded jar: the shaded-jar tests "
                            + "need a build that packages it (mvn verify, or mvn install then -pl connector-tests)");
        }
        throw new AssertionError("No " + ARTIFACT_PREFIX + " jar on the test classpath: " + classpath);
    }

    /**
     * The {@code eventhubs-native-spark_2.13} jar, which Maven copies to target/connector-2.13 (connector-tests/pom.xml):
     * it cannot share the test classpath with the {@code _2.12} one.
     */
    static Path locateScala213() {
        String copied = System.getProperty("cluster.connectorJar213");
        Assumptions.assumeTrue(
                copied != null && Files.isRegularFile(Paths.get(copied)),
                "No eventhubs-native-spark_2.13 jar at " + copied
                        + ": the shaded-jar tests need a build that packages it");
        return existing(Paths.get(copied));
    }

    private static Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("No shaded connector jar at " + jar);
        }
        return jar.toAbsolutePath();
    }
}

package io.eventhubsnative.spark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, once per JVM at {@code load()}, that this jar was built for the running Spark's Scala line: the
 * {@code _2.12} jar links Scala 2.12 collection types that Scala 2.13 renamed, so on the wrong line a read would
 * fail later with a {@code NoSuchMethodError}. A mismatch fails at once, naming the jar to attach instead. A Spark
 * outside the tested versions only gets a warning.
 */
final class SparkLine {

    private static final Logger LOG = LoggerFactory.getLogger(SparkLine.class);
    private static final String BUILD_INFO = "/io/eventhubsnative/spark/build.properties";
    /** The Spark versions each jar is tested on (README, runtime table). */
    private static final String TESTED_2_12 = "3.4 and 3.5";

    private static final String TESTED_2_13 = "3.5, 4.0, 4.1 and 4.2";

    private static volatile boolean checked;

    private SparkLine() {}

    /** Throws {@link IllegalStateException} when this jar cannot run on the running Spark. */
    static void check() {
        if (checked) {
            return;
        }
        Properties build = buildInfo();
        String problem = problem(
                build.getProperty("artifact", "eventhubs-native-spark"),
                build.getProperty("version", "unknown"),
                build.getProperty("scala.binary.version", ""),
                sparkVersion(),
                scalaVersion());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        String untested = untested(build.getProperty("scala.binary.version", ""), sparkVersion());
        if (untested != null) {
            LOG.warn(untested);
        }
        checked = true;
    }

    /** What is wrong with running {@code artifact} (built for Scala {@code builtFor}) here, or null. */
    static String problem(String artifact, String version, String builtFor, String sparkVersion, String scalaVersion) {
        if (builtFor.isEmpty() || binary(scalaVersion).equals(builtFor)) {
            return null;
        }
        String other = artifact.replace("_" + builtFor, "_" + binary(scalaVersion));
        return artifact + " " + version + " is built for Scala " + builtFor + " (Spark "
                + ("2.12".equals(builtFor) ? TESTED_2_12 : TESTED_2_13) + "), but this is Spark " + sparkVersion
                + " on Scala " + scalaVersion + ". Attach " + other + " instead (Maven coordinates io.eventhubsnative:"
                + other
                + ":" + version + ") and remove " + artifact + " from the cluster's libraries.";
    }

    /** A warning for a Spark this jar was not tested on, or null. */
    static String untested(String builtFor, String sparkVersion) {
        String minor = minor(sparkVersion);
        String tested = "2.12".equals(builtFor) ? TESTED_2_12 : TESTED_2_13;
        if (minor.isEmpty() || tested.contains(minor)) {
            return null;
        }
        return "eventhubs-native for Scala " + builtFor + " is tested on Spark " + tested + ", not on Spark "
                + sparkVersion + ": if a query fails, please report it with the Spark version.";
    }

    private static String binary(String scalaVersion) {
        String[] parts = scalaVersion.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : scalaVersion;
    }

    private static String minor(String sparkVersion) {
        String[] parts = sparkVersion.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : "";
    }

    private static String scalaVersion() {
        return scala.util.Properties.versionNumberString();
    }

    /** From the file Spark's own version constant is read from; "unknown" if a distribution renamed it. */
    static String sparkVersion() {
        return load("/spark-version-info.properties").getProperty("version", "unknown");
    }

    private static Properties buildInfo() {
        return load(BUILD_INFO);
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = SparkLine.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            LOG.debug("Could not read {}", resource, e);
        }
        return properties;
    }
}

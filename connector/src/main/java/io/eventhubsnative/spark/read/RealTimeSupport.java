package io.eventhubsnative.spark.read;

import io.eventhubsnative.spark.config.EventHubsOptions;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.slf4j.LoggerFactory;

/**
 * Real-time mode (Spark 4.1+, SPARK-53736) is implemented by classes compiled against Spark 4.1's API, which only the
 * {@code _2.13} jar carries ({@code src/realtime/java}). They are looked up by name, and only used where the running
 * Spark has the interfaces they implement: elsewhere the stream is the plain micro-batch one and no such class loads.
 */
final class RealTimeSupport {

    private static final String SPARK_INTERFACE = "org.apache.spark.sql.connector.read.streaming.SupportsRealTimeMode";
    private static final String STREAM = "io.eventhubsnative.spark.read.RealTimeStream";
    private static final Constructor<?> CONSTRUCTOR = constructor();

    private RealTimeSupport() {}

    /** A stream that supports real-time mode as well as micro-batches, or null where Spark or this jar has none. */
    static MicroBatchStream stream(EventHubsOptions options, String checkpointLocation, Configuration hadoopConf) {
        if (CONSTRUCTOR == null) {
            return null;
        }
        try {
            return (MicroBatchStream) CONSTRUCTOR.newInstance(options, checkpointLocation, hadoopConf);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + STREAM, e);
        }
    }

    private static Constructor<?> constructor() {
        ClassLoader loader = RealTimeSupport.class.getClassLoader();
        try {
            Class.forName(SPARK_INTERFACE, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // Spark before 4.1
        }
        try {
            return Class.forName(STREAM, true, loader)
                    .getDeclaredConstructor(EventHubsOptions.class, String.class, Configuration.class);
        } catch (ClassNotFoundException e) {
            return null; // the _2.12 jar
        } catch (ReflectiveOperationException | LinkageError e) {
            // A Spark whose real-time interfaces differ from Spark 4.1's: micro-batches still work.
            LoggerFactory.getLogger(RealTimeSupport.class)
                    .warn(
                            "This Spark has real-time mode, but not as Spark 4.1+ does; eventhubs-native reads in micro-batches only",
                            e);
            return null;
        }
    }
}

package io.eventhubsnative.spark.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventhubsnative.spark.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The starting offsets of a query, resolved once and written under the source's checkpoint before the first
 * batch, with the namespace and hub they belong to: a restart reads them back, so {@code latest} or an enqueued
 * time never moves, and a checkpoint of another hub is refused.
 *
 * <p>Written through Hadoop's {@link FileSystem} (the checkpoint may be on ADLS, S3 or DBFS), as a temporary file
 * renamed into place: a reader sees the whole file or none. Spark's own checkpoint helpers are internal and moved
 * between Spark lines.
 */
final class InitialOffsets {

    private static final String FILE = "eventhubs-native-initial-offsets.json";
    private static final ObjectMapper JSON = Json.MAPPER;

    private final Path path;
    private final Configuration hadoopConf;

    InitialOffsets(String checkpointLocation, Configuration hadoopConf) {
        this.path = new Path(checkpointLocation, FILE);
        this.hadoopConf = hadoopConf;
    }

    /** The persisted offsets (after checking they belong to {@code identity}), or the resolved ones after persisting them. */
    EventHubsSourceOffset getOrCreate(SourceIdentity identity, Supplier<EventHubsSourceOffset> resolve) {
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            if (fs.exists(path)) {
                return read(fs, identity);
            }
            EventHubsSourceOffset offsets = resolve.get();
            if (!write(fs, identity, offsets)) {
                // Another run of the same query won the race: its offsets are the ones the checkpoint holds.
                return read(fs, identity);
            }
            return offsets;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write the starting offsets at " + path, e);
        }
    }

    private EventHubsSourceOffset read(FileSystem fs, SourceIdentity identity) throws IOException {
        JsonNode node;
        try (InputStream in = fs.open(path)) {
            node = JSON.readTree(in);
        }
        // The file is the identity's JSON with the offsets beside it: the identity checks version and source.
        SourceIdentity.fromJson(JSON.writeValueAsString(node)).checkResumableBy(identity);
        return EventHubsSourceOffset.fromJson(JSON.writeValueAsString(node.path("offsets")));
    }

    /** False when the file appeared meanwhile (then it is left as it is). */
    private boolean write(FileSystem fs, SourceIdentity identity, EventHubsSourceOffset offsets) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(identity.json());
        node.set("offsets", JSON.readTree(offsets.json()));
        fs.mkdirs(path.getParent());
        Path temporary = new Path(path.getParent(), "." + FILE + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(temporary, false)) {
                out.write(JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
            }
            // As Spark's file-system checkpoint manager does: no overwrite if the file appeared meanwhile (rename()
            // also refuses an existing target on HDFS and ABFS; the local file system would replace it).
            if (!fs.exists(path) && fs.rename(temporary, path)) {
                return true;
            }
            if (fs.exists(path)) {
                return false;
            }
            throw new IOException("Could not rename " + temporary + " to " + path);
        } finally {
            fs.delete(temporary, false);
        }
    }
}

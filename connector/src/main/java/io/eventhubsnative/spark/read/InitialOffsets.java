package io.eventhubsnative.spark.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager;

/**
 * The starting offsets of a query, resolved once and written under the source's checkpoint before the first
 * batch, with the namespace and hub they belong to: a restart reads them back, so {@code latest} or an enqueued
 * time never moves, and a checkpoint of another hub is refused.
 */
final class InitialOffsets {

  private static final String FILE = "eventhubs-native-initial-offsets.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final CheckpointFileManager files;

  InitialOffsets(String checkpointLocation, Configuration hadoopConf) {
    this.path = new Path(checkpointLocation, FILE);
    this.files = CheckpointFileManager.create(path.getParent(), hadoopConf);
  }

  /** The persisted offsets (after checking they belong to {@code identity}), or the resolved ones after persisting them. */
  EventHubsSourceOffset getOrCreate(SourceIdentity identity, Supplier<EventHubsSourceOffset> resolve) {
    try {
      if (files.exists(path)) {
        return read(identity);
      }
      EventHubsSourceOffset offsets = resolve.get();
      write(identity, offsets);
      return offsets;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read or write the starting offsets at " + path, e);
    }
  }

  private EventHubsSourceOffset read(SourceIdentity identity) throws IOException {
    JsonNode node;
    try (InputStream in = files.open(path)) {
      node = JSON.readTree(in);
    }
    // The file is the identity's JSON with the offsets beside it: the identity checks version and source.
    SourceIdentity.fromJson(JSON.writeValueAsString(node)).checkResumableBy(identity);
    return EventHubsSourceOffset.fromJson(JSON.writeValueAsString(node.path("offsets")));
  }

  private void write(SourceIdentity identity, EventHubsSourceOffset offsets) throws IOException {
    ObjectNode node = (ObjectNode) JSON.readTree(identity.json());
    node.set("offsets", JSON.readTree(offsets.json()));
    files.mkdirs(path.getParent());
    CheckpointFileManager.CancellableFSDataOutputStream out = files.createAtomic(path, false);
    try {
      out.write(JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
      out.close();
    } catch (IOException | RuntimeException e) {
      out.cancel();
      throw e;
    }
  }
}

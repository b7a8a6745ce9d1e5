package io.eventhubsnative.spark.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.Json;
import java.io.Serializable;
import java.util.Locale;

/**
 * The namespace and event hub a checkpoint belongs to, kept beside the offsets (whose legacy JSON names only the
 * hub), so that resuming a checkpoint against another namespace or hub fails clearly instead of reading wrong
 * sequence numbers. Versioned JSON: {@code {"version":1,"namespace":"myns.servicebus.windows.net","eventHub":"telemetry"}}.
 * Names compare case-insensitively, as Event Hubs resolves them.
 */
public final class SourceIdentity implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int VERSION = 1;
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String NEW_CHECKPOINT = "Use a new checkpointLocation to read a different event hub.";

    private final String namespace;
    private final String eventHubName;

    public SourceIdentity(String namespace, String eventHubName) {
        if (namespace == null || namespace.isEmpty() || eventHubName == null || eventHubName.isEmpty()) {
            throw new IllegalArgumentException("A source identity needs a namespace and an event hub name");
        }
        this.namespace = namespace.toLowerCase(Locale.ROOT);
        this.eventHubName = eventHubName;
    }

    public static SourceIdentity of(EventHubsOptions options) {
        return new SourceIdentity(options.fullyQualifiedNamespace(), options.eventHubName());
    }

    /**
     * Reads the identity written by {@link #json()}.
     *
     * @throws IllegalStateException if it is not an identity this version can read
     */
    public static SourceIdentity fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The checkpoint's source identity is not valid JSON ("
                    + e.getOriginalMessage() + "); expected e.g. "
                    + new SourceIdentity("myns.servicebus.windows.net", "telemetry").json());
        }
        if (node == null || !node.isObject() || !node.path("version").isInt()) {
            throw new IllegalStateException("The checkpoint's source identity has no version; expected e.g. "
                    + new SourceIdentity("myns.servicebus.windows.net", "telemetry").json());
        }
        int version = node.get("version").intValue();
        if (version > VERSION) {
            throw new IllegalStateException("The checkpoint's source identity has version " + version + ", but this "
                    + "eventhubs-native reads version " + VERSION + ": the checkpoint was written by a newer release.");
        }
        if (version < 1
                || !node.path("namespace").isTextual()
                || !node.path("eventHub").isTextual()) {
            throw new IllegalStateException("The checkpoint's source identity is malformed: " + node);
        }
        return new SourceIdentity(
                node.get("namespace").asText(), node.get("eventHub").asText());
    }

    public String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", VERSION);
        node.put("namespace", namespace);
        node.put("eventHub", eventHubName);
        return node.toString();
    }

    /** The namespace host (lower-cased, with a port if one was given). */
    public String namespace() {
        return namespace;
    }

    public String eventHubName() {
        return eventHubName;
    }

    /** Whether both name the same namespace and event hub. */
    public boolean isSameSource(SourceIdentity other) {
        return namespace.equalsIgnoreCase(other.namespace) && eventHubName.equalsIgnoreCase(other.eventHubName);
    }

    /**
     * Fails unless the query now configured ({@code current}) reads the source this checkpoint identity names.
     *
     * @throws IllegalStateException naming both sources
     */
    public void checkResumableBy(SourceIdentity current) {
        if (!isSameSource(current)) {
            throw new IllegalStateException("This checkpoint belongs to event hub '" + eventHubName + "' in namespace '"
                    + namespace + "', but the query now reads event hub '" + current.eventHubName + "' in namespace '"
                    + current.namespace + "'. " + NEW_CHECKPOINT);
        }
    }

    /**
     * Fails unless a checkpointed offset is of this event hub.
     *
     * @throws IllegalStateException naming both event hubs
     */
    public void checkOffset(EventHubsSourceOffset offset) {
        if (!offset.eventHubName().equalsIgnoreCase(eventHubName)) {
            throw new IllegalStateException("The checkpoint holds offsets of event hub '" + offset.eventHubName()
                    + "', but the query reads event hub '" + eventHubName + "' in namespace '" + namespace + "'. "
                    + NEW_CHECKPOINT);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceIdentity && isSameSource((SourceIdentity) o);
    }

    @Override
    public int hashCode() {
        return (namespace + "/" + eventHubName.toLowerCase(Locale.ROOT)).hashCode();
    }

    @Override
    public String toString() {
        return namespace + "/" + eventHubName;
    }
}

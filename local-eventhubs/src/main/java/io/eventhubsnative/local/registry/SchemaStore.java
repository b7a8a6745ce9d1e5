package io.eventhubsnative.local.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schemas by id and by group and name, with their versions. As the service: registering content a schema already has
 * returns its id, new content under a name is its next version, and ids are opaque (32 hex digits).
 */
public final class SchemaStore {

    /** One version of a schema. */
    public record Schema(String id, String group, String name, int version, String format, String content) {}

    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private final Map<String, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Schema>> byName = new LinkedHashMap<>();

    public void createGroup(String group) {
        groups.add(group);
    }

    public boolean hasGroup(String group) {
        return groups.contains(group);
    }

    public List<String> groups() {
        return groups.stream().sorted().toList();
    }

    /** Registers {@code content} under {@code group/name}; the existing version when the content is the same. */
    public synchronized Schema register(String group, String name, String format, String content) {
        List<Schema> versions = byName.computeIfAbsent(key(group, name), k -> new ArrayList<>());
        Optional<Schema> same = versions.stream()
                .filter(s -> s.content().equals(content) && s.format().equalsIgnoreCase(format))
                .findFirst();
        if (same.isPresent()) {
            return same.get();
        }
        Schema schema = new Schema(
                UUID.randomUUID().toString().replace("-", ""), group, name, versions.size() + 1, format, content);
        versions.add(schema);
        byId.put(schema.id(), schema);
        return schema;
    }

    public Optional<Schema> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The version of {@code group/name} with exactly this content, if registered. */
    public synchronized Optional<Schema> byContent(String group, String name, String format, String content) {
        return versions(group, name).stream()
                .filter(s -> s.content().equals(content) && s.format().equalsIgnoreCase(format))
                .findFirst();
    }

    public synchronized List<Schema> versions(String group, String name) {
        return List.copyOf(byName.getOrDefault(key(group, name), List.of()));
    }

    private static String key(String group, String name) {
        return group + "\u0000" + name;
    }
}

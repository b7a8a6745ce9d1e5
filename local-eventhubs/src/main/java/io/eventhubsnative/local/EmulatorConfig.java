package io.eventhubsnative.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the official Event Hubs emulator's {@code Config.json}: one namespace whose entities are event hubs with a
 * partition count and consumer groups ({@code $Default} always exists and need not be declared). One key of our own,
 * which the official emulator ignores: {@code "ThroughputUnits": n} on the namespace enforces a Standard namespace's
 * quota ({@link Quota#throughputUnits}).
 */
public final class EmulatorConfig {

    private static final int MAX_PARTITIONS = 32;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9]$|^[A-Za-z0-9][\\w\\-./]*[A-Za-z0-9]$");
    private static final String EXAMPLE =
            "{\"UserConfig\":{\"NamespaceConfig\":[{\"Type\":\"EventHub\",\"Name\":\"emulatorNs1\","
                    + "\"Entities\":[{\"Name\":\"eh1\",\"PartitionCount\":4,\"ConsumerGroups\":[{\"Name\":\"cg1\"}]}]}],"
                    + "\"LoggingConfig\":{\"Type\":\"File\"}}}";

    private final String namespace;
    private final List<HubConfig> hubs;
    private final Quota quota;

    private EmulatorConfig(String namespace, List<HubConfig> hubs, Quota quota) {
        this.namespace = namespace;
        this.hubs = List.copyOf(hubs);
        this.quota = quota;
    }

    public static EmulatorConfig defaults() {
        return new EmulatorConfig("emulatorNs1", List.of(new HubConfig("eh1", 4, List.of())), null);
    }

    public static EmulatorConfig read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    public static EmulatorConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(source, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode namespaces = root.path("UserConfig").path("NamespaceConfig");
        if (!namespaces.isArray() || namespaces.size() != 1) {
            throw invalid(source, "UserConfig.NamespaceConfig must hold exactly one namespace");
        }
        JsonNode namespace = namespaces.get(0);
        if (!"EventHub".equals(namespace.path("Type").asText("EventHub"))) {
            throw invalid(source, "the namespace Type must be \"EventHub\"");
        }
        List<HubConfig> hubs = new ArrayList<>();
        for (JsonNode entity : namespace.path("Entities")) {
            String name = entity.path("Name").asText("");
            if (!NAME.matcher(name).matches()) {
                throw invalid(source, "entity Name '" + name + "' must be letters, digits, '-', '_', '.' or '/'");
            }
            JsonNode partitionCount = entity.path("PartitionCount");
            if (!partitionCount.isIntegralNumber() || !partitionCount.canConvertToInt()) {
                throw invalid(source, "entity '" + name + "' needs an integer PartitionCount");
            }
            // The emulator's schema allows 1..32; a config that only works here would fail on the real emulator.
            if (partitionCount.asInt() < 1 || partitionCount.asInt() > MAX_PARTITIONS) {
                throw invalid(
                        source,
                        "entity '" + name + "' has PartitionCount " + partitionCount.asInt()
                                + "; it must be between 1 and " + MAX_PARTITIONS);
            }
            for (HubConfig other : hubs) {
                if (other.name().equalsIgnoreCase(name)) {
                    throw invalid(source, "entity Name '" + name + "' is declared twice (names are case-insensitive)");
                }
            }
            List<String> groups = new ArrayList<>();
            for (JsonNode group : entity.path("ConsumerGroups")) {
                String groupName = group.path("Name").asText("");
                if (!groupName.equalsIgnoreCase("$Default")
                        && !NAME.matcher(groupName).matches()) {
                    throw invalid(
                            source, "consumer group Name '" + groupName + "' of entity '" + name + "' is not valid");
                }
                groups.add(groupName);
            }
            hubs.add(new HubConfig(name, partitionCount.asInt(), groups));
        }
        if (hubs.isEmpty()) {
            throw invalid(source, "the namespace needs at least one entity under Entities");
        }
        Quota quota = null;
        JsonNode units = namespace.path("ThroughputUnits");
        if (!units.isMissingNode()) {
            if (!units.isIntegralNumber() || units.asInt() < 1 || units.asInt() > 40) {
                throw invalid(source, "ThroughputUnits must be an integer from 1 to 40, got " + units);
            }
            quota = Quota.throughputUnits(units.asInt());
        }
        return new EmulatorConfig(namespace.path("Name").asText("emulatorNs1"), hubs, quota);
    }

    private static IllegalArgumentException invalid(String source, String problem) {
        return new IllegalArgumentException(
                "Invalid emulator config " + source + ": " + problem + ". Example: " + EXAMPLE);
    }

    public String namespace() {
        return namespace;
    }

    public List<HubConfig> hubs() {
        return hubs;
    }

    /** The namespace's quota, or null when it has none (the emulator's default: no throttling). */
    public Quota quota() {
        return quota;
    }
}

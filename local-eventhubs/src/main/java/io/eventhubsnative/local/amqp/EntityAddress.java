package io.eventhubsnative.local.amqp;

import java.util.Arrays;
import java.util.Locale;

/**
 * A link address or audience the SDKs use: {@code $cbs}, {@code $management} (or {@code <hub>/$management}),
 * {@code <hub>}, {@code <hub>/Partitions/<id>}, {@code <hub>/ConsumerGroups/<cg>/Partitions/<id>} or
 * {@code <hub>/ConsumerGroups/<cg>}, relative or absolute ({@code amqps://<host>:<port>/...}).
 */
record EntityAddress(Kind kind, String hub, String consumerGroup, String partitionId, String path) {

    enum Kind {
        CBS,
        MANAGEMENT,
        HUB,
        PARTITION,
        CONSUMER,
        CONSUMER_GROUP,
        UNKNOWN
    }

    static EntityAddress parse(String address) {
        if (address == null) {
            return new EntityAddress(Kind.UNKNOWN, null, null, null, "");
        }
        address = relative(address);
        if (address.equals("$cbs")) {
            return new EntityAddress(Kind.CBS, null, null, null, address);
        }
        if (address.equals("$management")) {
            return new EntityAddress(Kind.MANAGEMENT, null, null, null, address);
        }
        if (address.endsWith("/$management")) {
            // The JavaScript SDK's management node: the hub's own.
            String hub = address.substring(0, address.length() - "/$management".length());
            return new EntityAddress(Kind.MANAGEMENT, hub, null, null, address);
        }
        // Entity and consumer group names may themselves contain '/' (the emulator's name pattern allows it), so the
        // fixed segments are found from the right: the partition id is the last segment, after "Partitions".
        String[] parts = address.split("/", -1);
        int n = parts.length;
        if (n >= 3 && is(parts[n - 2], "partitions") && !parts[n - 1].isEmpty()) {
            for (int i = 1; i < n - 3; i++) {
                if (is(parts[i], "consumergroups")) {
                    return new EntityAddress(
                            Kind.CONSUMER, join(parts, 0, i), join(parts, i + 1, n - 2), parts[n - 1], address);
                }
            }
            return new EntityAddress(Kind.PARTITION, join(parts, 0, n - 2), null, parts[n - 1], address);
        }
        if (n >= 3 && is(parts[n - 2], "consumergroups") && !parts[n - 1].isEmpty()) {
            // A consumer group: an audience (the Python SDK's consumer asks for it), never a link.
            return new EntityAddress(Kind.CONSUMER_GROUP, join(parts, 0, n - 2), parts[n - 1], null, address);
        }
        if (!address.isEmpty() && !address.startsWith("$")) {
            return new EntityAddress(Kind.HUB, address, null, null, address);
        }
        return new EntityAddress(Kind.UNKNOWN, null, null, null, address);
    }

    /**
     * The address without a leading {@code scheme://host[:port]/}: the Python SDK attaches links at absolute addresses
     * ({@code amqps://<host>:<port>/<hub>/Partitions/0}), the others at relative ones.
     */
    private static String relative(String address) {
        int scheme = address.indexOf("://");
        if (scheme < 0) {
            return address;
        }
        int path = address.indexOf('/', scheme + 3);
        return path < 0 ? "" : address.substring(path + 1);
    }

    /** The segments {@code [from, to)} joined with '/'. */
    private static String join(String[] parts, int from, int to) {
        return String.join("/", Arrays.asList(parts).subList(from, to));
    }

    /** The same address as an audience path, for matching tokens: lower case, with a leading slash. */
    String audiencePath() {
        return "/" + path.toLowerCase(Locale.ROOT);
    }

    private static boolean is(String part, String expected) {
        return part.toLowerCase(Locale.ROOT).equals(expected);
    }
}

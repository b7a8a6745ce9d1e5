package io.eventhubsnative.local.amqp;

import java.util.Locale;

/**
 * A link address the SDK uses: {@code $cbs}, {@code $management}, {@code <hub>}, {@code <hub>/Partitions/<id>}
 * or {@code <hub>/ConsumerGroups/<cg>/Partitions/<id>}.
 */
record EntityAddress(Kind kind, String hub, String consumerGroup, String partitionId, String path) {

  enum Kind { CBS, MANAGEMENT, HUB, PARTITION, CONSUMER, UNKNOWN }

  static EntityAddress parse(String address) {
    if (address == null) {
      return new EntityAddress(Kind.UNKNOWN, null, null, null, "");
    }
    if (address.equals("$cbs")) {
      return new EntityAddress(Kind.CBS, null, null, null, address);
    }
    if (address.equals("$management")) {
      return new EntityAddress(Kind.MANAGEMENT, null, null, null, address);
    }
    String[] parts = address.split("/", -1);
    if (parts.length == 1 && !parts[0].isEmpty()) {
      return new EntityAddress(Kind.HUB, parts[0], null, null, address);
    }
    if (parts.length == 3 && is(parts[1], "partitions")) {
      return new EntityAddress(Kind.PARTITION, parts[0], null, parts[2], address);
    }
    if (parts.length == 5 && is(parts[1], "consumergroups") && is(parts[3], "partitions")) {
      return new EntityAddress(Kind.CONSUMER, parts[0], parts[2], parts[4], address);
    }
    return new EntityAddress(Kind.UNKNOWN, null, null, null, address);
  }

  /** The same address as an audience path, for matching tokens: lower case, with a leading slash. */
  String audiencePath() {
    return "/" + path.toLowerCase(Locale.ROOT);
  }

  private static boolean is(String part, String expected) {
    return part.toLowerCase(Locale.ROOT).equals(expected);
  }
}

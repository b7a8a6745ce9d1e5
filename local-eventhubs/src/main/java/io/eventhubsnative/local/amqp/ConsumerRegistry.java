package io.eventhubsnative.local.amqp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * The service's receiver rules per consumer group and partition: a receiver with an epoch (owner level) takes the
 * partition from receivers with a lower or equal epoch and from receivers without one; a receiver with a lower
 * epoch, or without one while an epoch receiver is there, is refused; at most 5 receivers without an epoch.
 * Used on the I/O thread only.
 */
final class ConsumerRegistry {

    static final int MAX_RECEIVERS_WITHOUT_EPOCH = 5;

    private final Map<String, List<ConsumerLink>> byPartition = new HashMap<>();

    /** Why a receiver cannot attach. */
    record Refusal(Symbol condition, String description) {}

    /** Returns a refusal, or null after admitting the link and detaching the receivers it takes over from. */
    Refusal admit(ConsumerLink link) {
        List<ConsumerLink> current = byPartition.computeIfAbsent(key(link.address()), k -> new ArrayList<>());
        Long epoch = link.epoch();
        if (epoch != null) {
            for (ConsumerLink other : current) {
                if (other.epoch() != null && other.epoch() > epoch) {
                    return new Refusal(
                            Errors.LINK_STOLEN,
                            "Receiver '" + other.name() + "' with a higher epoch of '"
                                    + other.epoch() + "' already exists. Receiver '" + link.name() + "' with epoch '"
                                    + epoch
                                    + "' cannot be created. Make sure you are creating receiver with increasing epoch value to ensure connectivity.");
                }
            }
            for (ConsumerLink other : List.copyOf(current)) {
                current.remove(other);
                other.connection()
                        .detach(
                                other.sender(),
                                Errors.of(
                                        Errors.LINK_STOLEN,
                                        "New receiver '" + link.name()
                                                + "' with higher epoch of '" + epoch
                                                + "' is created hence current receiver '" + other.name()
                                                + "' with epoch '" + (other.epoch() == null ? "" : other.epoch())
                                                + "' is getting disconnected. If you are recreating the receiver, make sure a higher epoch is used."));
            }
        } else {
            for (ConsumerLink other : current) {
                if (other.epoch() != null) {
                    return new Refusal(
                            Errors.LINK_STOLEN,
                            "Receiver '" + other.name() + "' with epoch '" + other.epoch()
                                    + "' already exists. A receiver without epoch cannot be created for this partition and consumer group.");
                }
            }
            if (current.size() >= MAX_RECEIVERS_WITHOUT_EPOCH) {
                return new Refusal(
                        Errors.RESOURCE_LIMIT_EXCEEDED,
                        "Exceeded the maximum number of allowed receivers per"
                                + " partition in a consumer group which is " + MAX_RECEIVERS_WITHOUT_EPOCH + ".");
            }
        }
        current.add(link);
        return null;
    }

    void remove(ConsumerLink link) {
        List<ConsumerLink> current = byPartition.get(key(link.address()));
        if (current != null) {
            current.remove(link);
        }
    }

    List<ConsumerLink> all() {
        List<ConsumerLink> all = new ArrayList<>();
        byPartition.values().forEach(all::addAll);
        return all;
    }

    private static String key(EntityAddress address) {
        return (address.hub() + "/" + address.consumerGroup() + "/" + address.partitionId()).toLowerCase(Locale.ROOT);
    }
}

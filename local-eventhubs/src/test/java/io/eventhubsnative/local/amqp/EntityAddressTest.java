package io.eventhubsnative.local.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The link addresses and audiences each official SDK uses, relative and absolute. */
class EntityAddressTest {

    @Test
    void anAbsoluteAddressIsTheSameEntityAsItsPath() {
        EntityAddress absolute =
                EntityAddress.parse("amqps://127.0.0.1:5672/orders/ConsumerGroups/$Default/Partitions/3");
        assertThat(absolute.kind()).isEqualTo(EntityAddress.Kind.CONSUMER);
        assertThat(absolute.hub()).isEqualTo("orders");
        assertThat(absolute.consumerGroup()).isEqualTo("$Default");
        assertThat(absolute.partitionId()).isEqualTo("3");
        assertThat(absolute.path()).isEqualTo("orders/ConsumerGroups/$Default/Partitions/3");
        assertThat(EntityAddress.parse("amqp://localhost/orders/Partitions/0").kind())
                .isEqualTo(EntityAddress.Kind.PARTITION);
    }

    @Test
    void aHubsOwnManagementNodeIsManagement() {
        EntityAddress management = EntityAddress.parse("orders/$management");
        assertThat(management.kind()).isEqualTo(EntityAddress.Kind.MANAGEMENT);
        assertThat(management.hub()).isEqualTo("orders");
        assertThat(EntityAddress.parse("$management").hub()).isNull();
    }

    @Test
    void aConsumerGroupAudienceNamesItsHub() {
        EntityAddress group = EntityAddress.parse("orders/consumergroups/$default");
        assertThat(group.kind()).isEqualTo(EntityAddress.Kind.CONSUMER_GROUP);
        assertThat(group.hub()).isEqualTo("orders");
    }
}

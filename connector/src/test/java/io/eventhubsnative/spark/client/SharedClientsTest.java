package io.eventhubsnative.spark.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedClientsTest {

    private static final long IDLE = TimeUnit.MINUTES.toNanos(10);

    private final AtomicLong now = new AtomicLong();
    private final SharedClients<FakeClient> clients = new SharedClients<>("test", now::get);
    private final List<FakeClient> built = new ArrayList<>();

    private static final class FakeClient implements Closeable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    private EventHubsClients.Lease<FakeClient> lease(String key) {
        return clients.lease(key, () -> {
            FakeClient client = new FakeClient();
            built.add(client);
            return client;
        });
    }

    @Test
    void usersOfOneKeyShareOneClient() {
        try (EventHubsClients.Lease<FakeClient> a = lease("hub-a");
                EventHubsClients.Lease<FakeClient> b = lease("hub-a")) {
            assertThat(a.client()).isSameAs(b.client());
            assertThat(lease("hub-b").client()).isNotSameAs(a.client());
        }
        assertThat(built).hasSize(2);
    }

    @Test
    void aClientIsClosedOnlyOnceNobodyHasHeldItForTheIdleTime() {
        EventHubsClients.Lease<FakeClient> held = lease("held");
        EventHubsClients.Lease<FakeClient> released = lease("released");
        released.close();
        released.close(); // a second close of one lease changes nothing

        now.addAndGet(IDLE - 1);
        assertThat(clients.closeIdle(IDLE)).isZero();
        now.addAndGet(1);
        assertThat(clients.closeIdle(IDLE)).isEqualTo(1);
        assertThat(released.client().closed).isTrue();
        assertThat(held.client().closed).isFalse();

        now.addAndGet(IDLE * 5);
        assertThat(clients.closeIdle(IDLE)).as("a client in use is never idle").isZero();
        held.close();
        assertThat(lease("released").client())
                .as("a closed client is built anew")
                .isNotSameAs(released.client());
    }

    @Test
    void aBrokenClientIsReplacedAndClosedWhenItsLastUserLetsGo() {
        EventHubsClients.Lease<FakeClient> first = lease("hub");
        EventHubsClients.Lease<FakeClient> second = lease("hub");
        first.retireIfBroken(new RuntimeException("a timeout, not broken"));
        try (EventHubsClients.Lease<FakeClient> third = lease("hub")) {
            assertThat(third.client()).isSameAs(first.client());
        }

        first.retireIfBroken(new IllegalStateException("Cannot publish data batch when disposed"));
        FakeClient broken = first.client();
        try (EventHubsClients.Lease<FakeClient> later = lease("hub")) {
            assertThat(later.client()).isNotSameAs(broken);
        }
        first.close();
        assertThat(broken.closed).isFalse();
        second.close();
        assertThat(broken.closed).isTrue();
    }
}

package io.eventhubsnative.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProducerClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.SendOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/** Claims-based security: SAS keys and signatures checked against the namespace's keys, and JWTs via the hook. */
@Timeout(60)
class AuthTest {

    private static LocalEventHubs hubs;
    /** A fresh hub of two partitions per test. */
    private String hub;

    @BeforeAll
    static void start() {
        hubs = LocalEventHubs.builder()
                .hub("elsewhere", 1)
                .extraKey("SendOnly", "second-key")
                .start();
    }

    @AfterAll
    static void stop() {
        hubs.close();
    }

    @BeforeEach
    void newHub() {
        hub = Sdk.uniqueHub("secured");
        hubs.createHub(hub, 2);
    }

    @AfterEach
    void acceptAllJwts() {
        hubs.jwtValidator(null);
    }

    /** No retries and a 5 s try timeout: an authorization failure must come back as a refusal, not a timeout. */
    private static AmqpRetryOptions noRetry() {
        return new AmqpRetryOptions()
                .setMode(AmqpRetryMode.FIXED)
                .setMaxRetries(1)
                .setDelay(Duration.ofMillis(100))
                .setTryTimeout(Duration.ofSeconds(5));
    }

    private static EventHubClientBuilder builder(String connectionString) {
        return new EventHubClientBuilder()
                .connectionString(connectionString)
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
                .retryOptions(noRetry());
    }

    private String connectionString(String keyName, String key) {
        return "Endpoint=sb://localhost:" + hubs.port() + ";SharedAccessKeyName=" + keyName + ";SharedAccessKey=" + key
                + ";UseDevelopmentEmulator=true;EntityPath=" + hub;
    }

    /** Runs {@code call}, expecting an unauthorized-access AmqpException well within the 5 s try timeout. */
    private static void assertUnauthorizedQuickly(ThrowingCallable call) {
        long start = System.nanoTime();
        assertThatThrownBy(call).satisfies(error -> {
            AmqpException amqp = Sdk.amqpCause(error);
            assertThat(amqp.getErrorCondition()).isEqualTo(AmqpErrorCondition.UNAUTHORIZED_ACCESS);
            assertThat(amqp.isTransient()).isFalse();
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    private String sasConnectionString(String signature) {
        return "Endpoint=sb://localhost:" + hubs.port() + ";SharedAccessSignature=" + signature
                + ";UseDevelopmentEmulator=true;EntityPath=" + hub;
    }

    @Test
    void wrongSharedAccessKeyIsUnauthorizedQuickly() {
        String wrong = connectionString(LocalEventHubs.DEFAULT_KEY_NAME, "not-the-key");
        try (EventHubProducerClient producer = builder(wrong).buildProducerClient();
                EventHubConsumerClient consumer = builder(wrong).buildConsumerClient();
                EventHubConsumerAsyncClient async = builder(wrong).buildAsyncConsumerClient()) {
            // put-token on $cbs before the send link attaches
            assertUnauthorizedQuickly(() -> producer.send(List.of(new EventData("x"))));
            // the security_token of a $management request
            assertUnauthorizedQuickly(producer::getEventHubProperties);
            assertUnauthorizedQuickly(() -> consumer.getPartitionProperties("0"));
            // put-token before the receive link attaches
            assertUnauthorizedQuickly(() ->
                    async.receiveFromPartition("0", EventPosition.earliest()).blockFirst(Sdk.WAIT));
        }
        assertThat(hubs.counters().putTokens()).anySatisfy(t -> {
            assertThat(t.type()).isEqualTo(PutToken.SAS);
            assertThat(t.accepted()).isFalse();
        });
        assertThat(hubs.partitionState(hub, "0").isEmpty()).isTrue();
        assertThat(hubs.partitionState(hub, "1").isEmpty()).isTrue();
    }

    @Test
    void unknownKeyNameIsUnauthorized() {
        try (EventHubProducerClient producer = builder(connectionString("NoSuchPolicy", LocalEventHubs.DEFAULT_KEY))
                .buildProducerClient()) {
            assertUnauthorizedQuickly(() -> producer.send(List.of(new EventData("x"))));
        }
    }

    @Test
    void everyConfiguredKeyWorks() {
        try (EventHubProducerClient producer =
                builder(connectionString("SendOnly", "second-key")).buildProducerClient()) {
            producer.send(List.of(new EventData("with the extra key")), new SendOptions().setPartitionId("1"));
            assertThat(producer.getPartitionProperties("1").isEmpty()).isFalse();
        }
        assertThat(hubs.counters().putTokens(PutToken.SAS, "amqp://localhost/" + hub + "/Partitions/1"))
                .isPositive();
    }

    @Test
    void sharedAccessSignatureConnectionStringWorks() throws Exception {
        String signature = Sdk.sasToken(
                "sb://localhost/" + hub,
                LocalEventHubs.DEFAULT_KEY_NAME,
                LocalEventHubs.DEFAULT_KEY,
                Instant.now().plusSeconds(600));
        try (EventHubProducerClient producer =
                        builder(sasConnectionString(signature)).buildProducerClient();
                EventHubConsumerClient consumer =
                        builder(sasConnectionString(signature)).buildConsumerClient()) {
            producer.send(List.of(new EventData("signed")), new SendOptions().setPartitionId("0"));
            assertThat(Sdk.bodies(Sdk.receive(consumer, "0", 1, EventPosition.earliest())))
                    .containsExactly("signed");
            assertThat(producer.getEventHubProperties().getName()).isEqualTo(hub);
        }
    }

    @Test
    void signatureWithWrongKeyOtherResourceOrPastExpiryIsUnauthorized() throws Exception {
        Instant later = Instant.now().plusSeconds(600);
        List<String> refused = List.of(
                Sdk.sasToken("sb://localhost/" + hub, LocalEventHubs.DEFAULT_KEY_NAME, "wrong-key", later),
                Sdk.sasToken(
                        "sb://localhost/elsewhere", LocalEventHubs.DEFAULT_KEY_NAME, LocalEventHubs.DEFAULT_KEY, later),
                Sdk.sasToken(
                        "sb://localhost/" + hub,
                        LocalEventHubs.DEFAULT_KEY_NAME,
                        LocalEventHubs.DEFAULT_KEY,
                        Instant.now().minusSeconds(60)));
        long stored = hubs.partitionState(hub, "0").retainedEvents()
                + hubs.partitionState(hub, "1").retainedEvents();
        for (String signature : refused) {
            try (EventHubProducerClient producer =
                    builder(sasConnectionString(signature)).buildProducerClient()) {
                assertUnauthorizedQuickly(() -> producer.send(List.of(new EventData("x"))));
            }
        }
        assertThat(hubs.counters().putTokens())
                .filteredOn(t -> t.type().equals(PutToken.SAS) && !t.accepted())
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(hubs.partitionState(hub, "0").retainedEvents()
                        + hubs.partitionState(hub, "1").retainedEvents())
                .isEqualTo(stored);
    }

    /** A stand-in for an Entra ID credential: opaque tokens with a chosen lifetime, counting the requests. */
    private static final class FakeJwtCredential implements TokenCredential {
        final List<String> scopes = new CopyOnWriteArrayList<>();
        final AtomicInteger issued = new AtomicInteger();
        final Duration lifetime;
        final Supplier<Boolean> keepIssuing;

        FakeJwtCredential(Duration lifetime, Supplier<Boolean> keepIssuing) {
            this.lifetime = lifetime;
            this.keepIssuing = keepIssuing;
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            scopes.addAll(request.getScopes());
            if (!keepIssuing.get()) {
                // A refresh that never answers: no error for the SDK to act on, so only the endpoint notices the
                // expiry.
                return Mono.never();
            }
            return Mono.fromCallable(() -> new AccessToken(
                    "eyJhbGciOiJub25lIn0.fake-" + issued.incrementAndGet() + ".",
                    OffsetDateTime.now(ZoneOffset.UTC).plus(lifetime)));
        }
    }

    /** connectionString(emulator) then credential(TokenCredential): plain TCP stays on, put-token type becomes jwt. */
    private EventHubClientBuilder jwtBuilder(TokenCredential credential) {
        return Sdk.builder(hubs, hub).credential(credential);
    }

    @Test
    void jwtCredentialIsPutAsJwtWithTheEntityAudience() {
        FakeJwtCredential credential = new FakeJwtCredential(Duration.ofMinutes(20), () -> true);
        String consumerAudience = "amqp://localhost/" + hub + "/ConsumerGroups/$Default/Partitions/1";
        try (EventHubProducerClient producer = jwtBuilder(credential).buildProducerClient();
                EventHubConsumerClient consumer = jwtBuilder(credential).buildConsumerClient()) {
            producer.send(List.of(new EventData("jwt")), new SendOptions().setPartitionId("1"));
            assertThat(Sdk.bodies(Sdk.receive(consumer, "1", 1, EventPosition.earliest())))
                    .containsExactly("jwt");
            assertThat(producer.getPartitionIds()).containsExactly("0", "1");
        }
        assertThat(hubs.counters().putTokens(PutToken.JWT, consumerAudience)).isPositive();
        assertThat(hubs.counters().putTokens(PutToken.JWT, "amqp://localhost/" + hub + "/Partitions/1"))
                .isPositive();
        PutToken token = hubs.counters().putTokens().stream()
                .filter(t -> t.audience().equals(consumerAudience))
                .findFirst()
                .orElseThrow();
        assertThat(token.accepted()).isTrue();
        assertThat(token.expiresAt())
                .isBetween(Instant.now().plusSeconds(18 * 60), Instant.now().plusSeconds(21 * 60));
        assertThat(credential.scopes).contains("https://eventhubs.azure.net/.default");
    }

    @Test
    void jwtRejectedByTheValidatorIsUnauthorized() {
        // Tokens for partition 1 are refused, everything else passes: the audience reaches the validator.
        hubs.jwtValidator((token, audience) -> !audience.endsWith("/Partitions/1"));
        FakeJwtCredential credential = new FakeJwtCredential(Duration.ofMinutes(20), () -> true);
        try (EventHubProducerClient producer =
                        jwtBuilder(credential).retryOptions(noRetry()).buildProducerClient();
                EventHubConsumerAsyncClient consumer =
                        jwtBuilder(credential).retryOptions(noRetry()).buildAsyncConsumerClient()) {
            producer.send(List.of(new EventData("to 0")), new SendOptions().setPartitionId("0"));
            assertUnauthorizedQuickly(
                    () -> producer.send(List.of(new EventData("to 1")), new SendOptions().setPartitionId("1")));
            assertUnauthorizedQuickly(() ->
                    consumer.receiveFromPartition("1", EventPosition.earliest()).blockFirst(Sdk.WAIT));

            hubs.jwtValidator((token, audience) -> false);
            assertUnauthorizedQuickly(() -> consumer.getEventHubProperties().block(Sdk.WAIT));
        }
        assertThat(hubs.counters().putTokens()).anySatisfy(t -> {
            assertThat(t.type()).isEqualTo(PutToken.JWT);
            assertThat(t.audience()).endsWith("/Partitions/1");
            assertThat(t.accepted()).isFalse();
        });
    }

    /**
     * Tokens that live 10 s: the SDK refreshes after 90 % of the remaining <em>whole</em> seconds (floor(9 * 0.9) = 8 s
     * here), so a receive spanning more than the lifetime goes on; once refreshes stop, the endpoint detaches the link
     * soon after expiry (it allows {@code EXPIRED_LINK_GRACE_MS} for a refresh that a busy client sends late). The test
     * waits for events, never for a fixed time: the detach of the link whose token was not renewed marks the point
     * where both first tokens have expired. 4 s tokens did not hold on a busy machine (the refreshed link's stream
     * ended without an error): a put-token round trip that leaves less than 2 whole seconds gives the SDK a refresh
     * interval of 0, which it does not handle gracefully; 10 s tokens leave 8 s for that round trip.
     */
    @Test
    void shortLivedJwtsAreRefreshedAndExpiryIsEnforced() {
        String address = Sdk.consumerAddress(hub, "0");
        String audience = "amqp://localhost/" + address;
        try (EventHubProducerClient producer = Sdk.builder(hubs, hub).buildProducerClient()) {
            FakeJwtCredential refreshing = new FakeJwtCredential(Duration.ofSeconds(10), () -> true);
            AtomicBoolean issue = new AtomicBoolean(true);
            FakeJwtCredential stopping = new FakeJwtCredential(Duration.ofSeconds(10), issue::get);
            try (EventHubConsumerAsyncClient refreshed = jwtBuilder(refreshing).buildAsyncConsumerClient();
                    EventHubConsumerAsyncClient expiring = jwtBuilder(stopping).buildAsyncConsumerClient();
                    Receiving kept = Receiving.start(refreshed.receiveFromPartition("0", EventPosition.latest()));
                    Receiving dropped = Receiving.start(expiring.receiveFromPartition("0", EventPosition.latest()))) {
                Sdk.await("both receivers to attach", () -> hubs.counters().linksAttached(address) >= 2);
                issue.set(false);
                long putTokensBefore = hubs.counters().putTokens(PutToken.JWT, audience);
                producer.send(List.of(new EventData("early")), new SendOptions().setPartitionId("0"));
                kept.awaitCount(1);
                dropped.awaitCount(1);

                // The link whose token was not renewed is detached by the endpoint with unauthorized-access...
                Throwable error = dropped.awaitError(Duration.ofSeconds(45));
                assertThat(Sdk.amqpCause(error).getErrorCondition()).isEqualTo(AmqpErrorCondition.UNAUTHORIZED_ACCESS);
                assertThat(error).hasMessageContaining("expired and was not renewed");

                // ...while the refreshed one, attached with a token of the same age, outlived it.
                producer.send(List.of(new EventData("late")), new SendOptions().setPartitionId("0"));
                assertThat(kept.awaitCount(2).bodies()).containsExactly("early", "late");
                assertThat(kept.isEnded()).isFalse();
                assertThat(refreshing.issued.get()).isGreaterThanOrEqualTo(2);
                assertThat(hubs.counters().putTokens(PutToken.JWT, audience) - putTokensBefore)
                        .isGreaterThanOrEqualTo(1);
                assertThat(dropped.bodies()).containsExactly("early");
            }
        }
    }
}

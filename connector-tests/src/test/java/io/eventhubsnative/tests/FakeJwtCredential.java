package io.eventhubsnative.tests;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * A {@code TokenCredential} of the application's own azure-core (not the connector's relocated one), as a Databricks
 * service credential provider is: named by {@code eventhubs.credentialProvider}, called through reflection.
 */
public class FakeJwtCredential implements TokenCredential {

    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        CALLS.incrementAndGet();
        long expiresAt = System.currentTimeMillis() + 3_600_000L;
        return Mono.just(new AccessToken(
                FakeJwtProvider.jwt(request.getScopes().get(0), expiresAt, "credential"),
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(expiresAt), ZoneOffset.UTC)));
    }
}

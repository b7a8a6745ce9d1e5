package io.eventhubsnative.spark.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/** An access token handed out by an {@link EventHubsTokenProvider}: the JWT text and when it expires. */
public final class EventHubsToken {

    private final String token;
    private final OffsetDateTime expiresAt;

    private EventHubsToken(String token, OffsetDateTime expiresAt) {
        this.token = Objects.requireNonNull(token, "token");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A token that expires at {@code expiresAt}. */
    public static EventHubsToken of(String token, OffsetDateTime expiresAt) {
        return new EventHubsToken(token, expiresAt);
    }

    /** A token that expires at {@code expiresAtEpochMillis} (milliseconds since 1970-01-01T00:00:00Z). */
    public static EventHubsToken of(String token, long expiresAtEpochMillis) {
        return new EventHubsToken(
                token, OffsetDateTime.ofInstant(Instant.ofEpochMilli(expiresAtEpochMillis), ZoneOffset.UTC));
    }

    /** The access token (a secret). */
    public String token() {
        return token;
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }

    /** Shows the expiry only, never the token. */
    @Override
    public String toString() {
        return "EventHubsToken{expiresAt=" + expiresAt + "}";
    }
}

package io.eventhubsnative.tests;

import io.eventhubsnative.spark.auth.EventHubsToken;
import io.eventhubsnative.spark.auth.EventHubsTokenProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A user's token provider as the connector loads it ({@code eventhubs.credentialProvider}, {@code Map} constructor):
 * hands out unsigned JWT-shaped strings that expire after {@code eventhubs.credentialProvider.lifetimeSeconds}
 * (default one hour), signed with {@code eventhubs.credentialProvider.signature} (default {@code fake}). Every token
 * handed out is recorded, for "never shows the token" checks.
 */
public class FakeJwtProvider implements EventHubsTokenProvider {

    static final String LIFETIME = "eventhubs.credentialProvider.lifetimeSeconds";
    static final String SIGNATURE = "eventhubs.credentialProvider.signature";
    static final List<String> ISSUED = new CopyOnWriteArrayList<>();

    private final long lifetimeMillis;
    private final String signature;

    public FakeJwtProvider(Map<String, String> options) {
        String lifetime = options.get(LIFETIME);
        this.lifetimeMillis = (lifetime == null ? 3600 : Long.parseLong(lifetime)) * 1000L;
        String sig = options.get(SIGNATURE);
        this.signature = sig == null ? "fake" : sig;
    }

    @Override
    public EventHubsToken getToken(String scope) {
        long expiresAt = System.currentTimeMillis() + lifetimeMillis;
        String token = jwt(scope, expiresAt, signature);
        ISSUED.add(token);
        return EventHubsToken.of(token, expiresAt);
    }

    static String jwt(String scope, long expiresAtMillis, String signature) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"aud\":\"" + scope.replace("/.default", "") + "\",\"exp\":"
                        + expiresAtMillis / 1000 + ",\"jti\":\"" + java.util.UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(signature.getBytes(StandardCharsets.UTF_8));
    }

    /** The signature part of a token from {@link #jwt}. */
    static String signatureOf(String token) {
        int dot = token.lastIndexOf('.');
        return dot < 0
                ? ""
                : new String(Base64.getUrlDecoder().decode(token.substring(dot + 1)), StandardCharsets.UTF_8);
    }
}

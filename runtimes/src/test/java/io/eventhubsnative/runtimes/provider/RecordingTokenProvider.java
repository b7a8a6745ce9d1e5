package io.eventhubsnative.runtimes.provider;

import io.eventhubsnative.spark.auth.EventHubsToken;
import io.eventhubsnative.spark.auth.EventHubsTokenProvider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user token provider of the matrix's Entra ID test, loaded by the connector from {@code spark.jars} on every
 * Spark line: unsigned JWT-shaped tokens for the scope it is asked for, which the harness's endpoint records.
 */
public class RecordingTokenProvider implements EventHubsTokenProvider {

    /** The marker the harness looks for in the tokens the endpoint saw. */
    public static final String ISSUER = "eventhubs-native-runtime-matrix";

    @Override
    public EventHubsToken getToken(String scope) {
        long expiresAt = System.currentTimeMillis() + 3_600_000L;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(
                ("{\"iss\":\"" + ISSUER + "\",\"scp\":\"" + scope + "\",\"exp\":" + expiresAt / 1000 + "}")
                        .getBytes(StandardCharsets.UTF_8));
        return EventHubsToken.of(header + "." + payload + ".", expiresAt);
    }
}

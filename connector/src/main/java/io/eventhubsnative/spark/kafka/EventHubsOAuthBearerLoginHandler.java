package io.eventhubsnative.spark.kafka;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.eventhubsnative.spark.auth.TokenCredentials;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

/**
 * Kafka's OAUTHBEARER login callback for the Event Hubs Kafka endpoint: signs in with the Microsoft Entra ID settings
 * {@link KafkaEndpoint} put into the JAAS options ({@code eventhubs.auth}, {@code eventhubs.tenantId}, ...), through
 * the same per-JVM credentials as {@code eventhubs-native}, for the scope {@code https://<bootstrap host>/.default}.
 * Kafka asks again before the token expires.
 */
public final class EventHubsOAuthBearerLoginHandler implements AuthenticateCallbackHandler {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TokenCredential credential;
    private String scope;
    private String mode;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (!"OAUTHBEARER".equals(saslMechanism)) {
            throw new IllegalArgumentException("EventHubsOAuthBearerLoginHandler signs in with OAUTHBEARER, not "
                    + saslMechanism + ": set kafka.sasl.mechanism=OAUTHBEARER (KafkaEndpoint.sourceOptions does).");
        }
        Map<String, String> settings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (AppConfigurationEntry entry : jaasConfigEntries) {
            entry.getOptions().forEach((key, value) -> settings.put(key, String.valueOf(value)));
        }
        EventHubsOptions options = EventHubsOptions.parse(settings);
        this.mode = options.authMode().toString();
        this.credential = TokenCredentials.forSettings(options.auth());
        this.scope = "https://" + bootstrapHost(configs.get("bootstrap.servers")) + "/.default";
    }

    /** The host of the first bootstrap server: the namespace, whose tokens the Kafka endpoint takes. */
    static String bootstrapHost(Object servers) {
        String first;
        if (servers instanceof List && !((List<?>) servers).isEmpty()) {
            first = String.valueOf(((List<?>) servers).get(0));
        } else if (servers != null && !String.valueOf(servers).trim().isEmpty()) {
            first = String.valueOf(servers).split(",")[0];
        } else {
            throw new IllegalArgumentException(
                    "kafka.bootstrap.servers is not set: it must be <namespace>.servicebus.windows.net:9093.");
        }
        return first.trim().replaceFirst(":\\d+$", "");
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (!(callback instanceof OAuthBearerTokenCallback)) {
                throw new UnsupportedCallbackException(callback);
            }
            AccessToken token;
            try {
                token = credential
                        .getToken(new TokenRequestContext().addScopes(scope))
                        .block(TIMEOUT);
            } catch (RuntimeException e) {
                throw new IOException(
                        "Signing in to the Event Hubs Kafka endpoint with eventhubs.auth=" + mode + " for " + scope
                                + " failed: " + e.getMessage(),
                        e);
            }
            if (token == null) {
                throw new IOException(
                        "eventhubs.auth=" + mode + " returned no token for " + scope + " within " + TIMEOUT);
            }
            ((OAuthBearerTokenCallback) callback)
                    .token(new Token(
                            token.getToken(),
                            scope,
                            token.getExpiresAt().toInstant().toEpochMilli()));
        }
    }

    @Override
    public void close() {
        // The credential is shared by the JVM (TokenCredentials), not owned by this handler.
    }

    /** The token as Kafka's client carries it; never printed. */
    private static final class Token implements OAuthBearerToken {
        private final String value;
        private final Set<String> scope;
        private final long expiresAtMillis;
        private final long issuedAtMillis = System.currentTimeMillis();

        Token(String value, String scope, long expiresAtMillis) {
            this.value = value;
            this.scope = Collections.singleton(scope);
            this.expiresAtMillis = expiresAtMillis;
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public Set<String> scope() {
            return scope;
        }

        @Override
        public long lifetimeMs() {
            return expiresAtMillis;
        }

        @Override
        public String principalName() {
            return "eventhubs-native";
        }

        @Override
        public Long startTimeMs() {
            return issuedAtMillis;
        }

        @Override
        public String toString() {
            return "OAuthBearerToken(scope=" + scope + ", expiresAt=" + expiresAtMillis + ")";
        }
    }
}

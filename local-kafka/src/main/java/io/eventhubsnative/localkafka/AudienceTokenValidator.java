package io.eventhubsnative.localkafka;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;

/**
 * OAUTHBEARER as the Event Hubs Kafka endpoint checks it, minus the signature: the JWT's {@code aud} must be the
 * namespace ({@code https://<namespace>}, system property {@code localkafka.audience}) and {@code exp} in the future.
 */
public final class AudienceTokenValidator implements AuthenticateCallbackHandler {

    private static final Pattern AUD = Pattern.compile("\"aud\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

    private String audience;

    @Override
    public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        audience = System.getProperty("localkafka.audience");
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerValidatorCallback) {
                validate((OAuthBearerValidatorCallback) callback);
            } else if (callback instanceof OAuthBearerExtensionsValidatorCallback) {
                OAuthBearerExtensionsValidatorCallback extensions = (OAuthBearerExtensionsValidatorCallback) callback;
                extensions.inputExtensions().map().keySet().forEach(extensions::valid);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private void validate(OAuthBearerValidatorCallback callback) {
        String[] parts = callback.tokenValue().split("\\.");
        if (parts.length < 2) {
            callback.error("invalid_token", null, null);
            return;
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher aud = AUD.matcher(payload);
        Matcher exp = EXP.matcher(payload);
        if (!aud.find() || !aud.group(1).equals(audience)) {
            callback.error("invalid_token", audience, null);
            return;
        }
        long expiresAtMillis = exp.find() ? Long.parseLong(exp.group(1)) * 1000 : 0;
        if (expiresAtMillis <= System.currentTimeMillis()) {
            callback.error("invalid_token", null, null);
            return;
        }
        callback.token(new Token(callback.tokenValue(), aud.group(1), expiresAtMillis));
    }

    @Override
    public void close() {}

    private static final class Token implements OAuthBearerToken {
        private final String value;
        private final String audience;
        private final long expiresAtMillis;

        Token(String value, String audience, long expiresAtMillis) {
            this.value = value;
            this.audience = audience;
            this.expiresAtMillis = expiresAtMillis;
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public Set<String> scope() {
            return Collections.singleton(audience + "/.default");
        }

        @Override
        public long lifetimeMs() {
            return expiresAtMillis;
        }

        @Override
        public String principalName() {
            return "eventhubs-native-test";
        }

        @Override
        public Long startTimeMs() {
            return null;
        }
    }
}

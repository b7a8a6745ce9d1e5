package io.eventhubsnative.localkafka;

import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;

/**
 * SASL PLAIN as the Event Hubs Kafka endpoint checks it: the user name is {@code $ConnectionString} and the password
 * a connection string whose shared access key name and key are the namespace's (system properties
 * {@code localkafka.keyName} and {@code localkafka.key}).
 */
public final class ConnectionStringPlainHandler implements AuthenticateCallbackHandler {

    private String keyName;
    private String key;

    @Override
    public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        keyName = System.getProperty("localkafka.keyName");
        key = System.getProperty("localkafka.key");
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String user = null;
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback) {
                user = ((NameCallback) callback).getDefaultName();
            } else if (callback instanceof PlainAuthenticateCallback) {
                PlainAuthenticateCallback plain = (PlainAuthenticateCallback) callback;
                plain.authenticated("$ConnectionString".equals(user) && signedWithOurKey(new String(plain.password())));
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private boolean signedWithOurKey(String connectionString) {
        String name = null;
        String value = null;
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("SharedAccessKeyName")) {
                name = part.substring(eq + 1).trim();
            } else if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("SharedAccessKey")) {
                value = part.substring(eq + 1).trim();
            }
        }
        return keyName != null && keyName.equals(name) && key != null && key.equals(value);
    }

    @Override
    public void close() {}
}

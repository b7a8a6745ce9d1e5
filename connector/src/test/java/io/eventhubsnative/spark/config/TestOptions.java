package io.eventhubsnative.spark.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Options as a notebook user writes them, and the secrets no message may ever contain. */
final class TestOptions {

    static final String KEY = "K3yV4lu3+s3cr3t/Abc123XyZ987654321qwertyUIOP=";
    static final String SIGNATURE = "SharedAccessSignature sr=sb%3a%2f%2fmyns.servicebus.windows.net%2ftelemetry"
            + "&sig=S1gn4tur3S3cr3t%2bAbCdEf%3d&se=1900000000&skn=listen";
    static final String CLIENT_SECRET = "cl13nt~S3cr3t.Value_0123456789";
    static final String CERT_PASSWORD = "pfx-P4ssw0rd!";

    static final String NAMESPACE_CS = "Endpoint=sb://myns.servicebus.windows.net/;"
            + "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + KEY;
    static final String HUB_CS = NAMESPACE_CS + ";EntityPath=telemetry";
    static final String EMULATOR_CS = "Endpoint=sb://localhost:5673;SharedAccessKeyName=RootManageSharedAccessKey;"
            + "SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    private TestOptions() {}

    /** {@code options("k1", "v1", "k2", "v2", ...)}. */
    static Map<String, String> options(String... keysAndValues) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }

    /** A hub-level connection string plus the given options. */
    static Map<String, String> withConnectionString(String... keysAndValues) {
        Map<String, String> options = options("eventhubs.connectionString", HUB_CS);
        options.putAll(options(keysAndValues));
        return options;
    }

    /** Asserts an {@link IllegalArgumentException} whose message contains every fragment and no secret. */
    static AbstractThrowableAssert<?, ? extends Throwable> rejects(Map<String, String> options, String... fragments) {
        return rejects(() -> EventHubsOptions.parse(options), fragments);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> rejects(ThrowingCallable call, String... fragments) {
        AbstractThrowableAssert<?, ? extends Throwable> error =
                assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
        for (String fragment : fragments) {
            error.hasMessageContaining(fragment);
        }
        return hasNoSecret(error);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> hasNoSecret(
            AbstractThrowableAssert<?, ? extends Throwable> error) {
        return error.hasMessageNotContaining(KEY)
                .hasMessageNotContaining(KEY.substring(0, 12))
                .hasMessageNotContaining("S1gn4tur3S3cr3t")
                .hasMessageNotContaining(CLIENT_SECRET)
                .hasMessageNotContaining(CERT_PASSWORD)
                .hasMessageNotContaining("SAS_KEY_VALUE");
    }
}

package io.eventhubsnative.spark.avro;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.eventhubsnative.spark.config.ConnectionString;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;

/**
 * Signs registry requests with the namespace's SAS key as the service expects: {@code SharedAccessSignature
 * sr=<url-encoded resource>&sig=<HMAC-SHA256 of resource and expiry>&se=<expiry>&skn=<key name>}, a fresh token an
 * hour long for each request; a connection string that carries a signature instead sends that.
 */
final class SharedAccessSignaturePolicy implements HttpPipelinePolicy {

    private static final long VALIDITY_SECONDS = TimeUnit.HOURS.toSeconds(1);

    private final ConnectionString connectionString;
    private final String resource;

    SharedAccessSignaturePolicy(ConnectionString connectionString, String namespace) {
        this.connectionString = connectionString;
        this.resource = "https://" + namespace + "/";
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        context.getHttpRequest().setHeader("Authorization", token());
        return next.process();
    }

    private String token() {
        if (connectionString.sharedAccessSignature() != null) {
            return connectionString.sharedAccessSignature();
        }
        try {
            String encoded = URLEncoder.encode(resource, StandardCharsets.UTF_8.name());
            long expiry = System.currentTimeMillis() / 1000 + VALIDITY_SECONDS;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    connectionString.sharedAccessKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = Base64.getEncoder()
                    .encodeToString(mac.doFinal((encoded + "\n" + expiry).getBytes(StandardCharsets.UTF_8)));
            return "SharedAccessSignature sr=" + encoded + "&sig="
                    + URLEncoder.encode(signature, StandardCharsets.UTF_8.name()) + "&se=" + expiry + "&skn="
                    + connectionString.sharedAccessKeyName();
        } catch (GeneralSecurityException | UnsupportedEncodingException e) {
            throw new IllegalStateException("Signing a Schema Registry request failed", e);
        }
    }
}

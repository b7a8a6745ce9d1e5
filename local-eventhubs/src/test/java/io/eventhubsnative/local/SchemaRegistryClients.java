package io.eventhubsnative.local;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.data.schemaregistry.SchemaRegistryAsyncClient;
import com.azure.data.schemaregistry.SchemaRegistryClientBuilder;
import com.azure.data.schemaregistry.apacheavro.SchemaRegistryApacheAvroSerializer;
import com.azure.data.schemaregistry.apacheavro.SchemaRegistryApacheAvroSerializerBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;

/** The official Schema Registry clients against an endpoint's registry, trusting only its certificate. */
public final class SchemaRegistryClients {

    /** Tokens handed out by {@link #credential()}, over all clients. */
    public static final AtomicInteger TOKENS = new AtomicInteger();

    private SchemaRegistryClients() {}

    /** A TokenCredential as azure-identity's are, with a token the endpoint accepts as a JWT. */
    public static TokenCredential credential() {
        return request -> {
            TOKENS.incrementAndGet();
            return Mono.just(new AccessToken(
                    "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.",
                    OffsetDateTime.now().plusHours(1)));
        };
    }

    public static SchemaRegistryAsyncClient client(LocalEventHubs hubs, SelfSignedCertificate certificate) {
        HttpClient trusting = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                        .secure(spec -> {
                            try {
                                spec.sslContext(SslContextBuilder.forClient()
                                        .trustManager(certificate.pem().toFile())
                                        .build());
                            } catch (SSLException e) {
                                throw new IllegalStateException(e);
                            }
                        }))
                .build();
        return new SchemaRegistryClientBuilder()
                .fullyQualifiedNamespace(hubs.schemaRegistryNamespace())
                .credential(credential())
                .httpClient(trusting)
                .buildAsyncClient();
    }

    /** The Avro serializer producers use, for generic records, registering its schemas in {@code group}. */
    public static SchemaRegistryApacheAvroSerializer serializer(SchemaRegistryAsyncClient client, String group) {
        return new SchemaRegistryApacheAvroSerializerBuilder()
                .schemaRegistryClient(client)
                .schemaGroup(group)
                .autoRegisterSchemas(true)
                .avroSpecificReader(false)
                .buildSerializer();
    }
}

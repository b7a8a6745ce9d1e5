package io.eventhubsnative.spark.avro;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventhubsnative.spark.auth.TokenCredentials;
import io.eventhubsnative.spark.config.Json;
import io.eventhubsnative.spark.config.OptionKeys;
import io.eventhubsnative.spark.config.RegistryOptions;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * Schemas of the namespace's Schema Registry by id, each fetched once per JVM (the registry's schemas never change
 * under an id): a decoding task asks for the id an event carries and, but for the first event of a schema on an
 * executor, gets it from memory. Fetches go through azure-core's pipeline: retries with back-off on throttling, server
 * errors and dropped connections, bounded by {@code eventhubs.operationTimeout} per try.
 */
public final class RegistrySchemas {

    static final String API_VERSION = "2023-07-01";
    private static final HttpHeaderName SCHEMA_ID = HttpHeaderName.fromString("Schema-Id");

    private static final ConcurrentMap<String, CompletableFuture<String>> SCHEMAS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, HttpPipeline> PIPELINES = new ConcurrentHashMap<>();
    private static final AtomicLong FETCHES = new AtomicLong();

    private RegistrySchemas() {}

    /**
     * The schema (its JSON text) registered under {@code id}.
     *
     * @throws IllegalStateException saying why it could not be had: unknown id, refused sign-in, unreachable registry
     */
    public static String schema(RegistryOptions options, String id) {
        String key = options.namespace() + "/" + id;
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> known = SCHEMAS.putIfAbsent(key, mine);
        if (known == null) {
            try {
                mine.complete(fetch(options, id));
            } catch (RuntimeException e) {
                // Not kept: the next event with this id asks again (the registry may have been unreachable).
                SCHEMAS.remove(key, mine);
                mine.completeExceptionally(e);
            }
            known = mine;
        }
        try {
            return known.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException
                    ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
        }
    }

    /** How many schemas this JVM fetched from a registry. */
    public static long fetches() {
        return FETCHES.get();
    }

    private static String fetch(RegistryOptions options, String id) {
        return get(
                options,
                "/$schemaGroups/$schemas/" + encode(id),
                "schema " + id,
                "Schema id " + id + " is not in " + where(options)
                        + ". Check that the events were written with this namespace's registry.");
    }

    /**
     * The newest version of a schema registered under a name in a group (its JSON text): a reader schema that follows
     * the producers. Asked on the driver when a query starts, so all its tasks read with the same schema.
     *
     * @throws IllegalArgumentException when the group or the name does not exist, naming the option to fix
     */
    public static String latest(RegistryOptions options, String group, String name) {
        String versions = "/$schemaGroups/" + encode(group) + "/schemas/" + encode(name) + "/versions";
        String missing =
                "Schema '" + name + "' of group '" + group + "' is not in " + where(options) + ". Check options '"
                        + OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP + "' and '" + OptionKeys.SCHEMA_REGISTRY_SCHEMA_NAME
                        + "' (the name is the schema's full name, e.g. com.contoso.Reading).";
        try {
            JsonNode listed = Json.MAPPER.readTree(get(options, versions, "the versions of " + name, missing));
            int newest = 0;
            for (JsonNode version : listed.path("schemaVersions")) {
                newest = Math.max(newest, version.asInt());
            }
            if (newest == 0) {
                throw new IllegalArgumentException(missing);
            }
            return get(options, versions + "/" + newest, "version " + newest + " of " + name, missing);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The versions of schema '" + name + "' from " + where(options) + " are not JSON: " + e.getMessage(),
                    e);
        } catch (NotFound e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String where(RegistryOptions options) {
        return "the Schema Registry of namespace '" + options.namespace() + "'";
    }

    private static String encode(String segment) {
        try {
            return URLEncoder.encode(segment, StandardCharsets.UTF_8.name()).replace("+", "%20");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 404 from the registry; its message says what is missing and what to check. */
    private static final class NotFound extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    private static String get(RegistryOptions options, String path, String what, String notFound) {
        return send(options, new HttpRequest(HttpMethod.GET, url(options, path)), what, notFound, "Reader").body;
    }

    /**
     * Registers a schema in a group under its full name, or finds it when it is there already (the registry answers
     * the same id for the same content): the id the sink's events carry.
     *
     * @throws IllegalArgumentException when the group does not exist, naming the option to fix
     */
    public static String register(RegistryOptions options, String group, String schemaJson) {
        String name = new org.apache.avro.Schema.Parser().parse(schemaJson).getFullName();
        HttpRequest request = new HttpRequest(
                        HttpMethod.PUT, url(options, "/$schemaGroups/" + encode(group) + "/schemas/" + encode(name)))
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json; serialization=Avro")
                .setBody(schemaJson);
        try {
            Answer answer = send(
                    options,
                    request,
                    "the registration of " + name,
                    "Schema group '" + group + "' is not in " + where(options) + ". Check option '"
                            + OptionKeys.SCHEMA_REGISTRY_SCHEMA_GROUP + "' (groups are created in the Azure portal).",
                    "Contributor");
            if (answer.schemaId == null) {
                throw new IllegalStateException(where(options) + " registered " + name + " but answered no Schema-Id.");
            }
            return answer.schemaId;
        } catch (NotFound e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String url(RegistryOptions options, String path) {
        return "https://" + options.namespace() + path + "?api-version=" + API_VERSION;
    }

    /** What a successful request answered. */
    private static final class Answer {
        final String body;
        final String schemaId;

        Answer(String body, String schemaId) {
            this.body = body;
            this.schemaId = schemaId;
        }
    }

    /** The answer to a successful request; else an error that says what to check. */
    private static Answer send(
            RegistryOptions options, HttpRequest request, String what, String notFound, String role) {
        String where = where(options);
        HttpPipeline pipeline = PIPELINES.computeIfAbsent(options.clientMaterial(), k -> pipeline(options));
        FETCHES.incrementAndGet();
        Duration bound =
                options.timeout().multipliedBy(options.maxRetries() + 1L).plusSeconds(30);
        HttpResponse response;
        try {
            response = pipeline.send(request).block(bound);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Could not reach " + where + " to get " + what + ": "
                            + firstLine(e) + ". Check option '" + OptionKeys.SCHEMA_REGISTRY_NAMESPACE + "' (or '"
                            + OptionKeys.NAMESPACE + "'), or raise '" + OptionKeys.OPERATION_TIMEOUT + "'.",
                    e);
        }
        if (response == null) {
            throw new IllegalStateException("No answer from " + where + " for " + what + " within " + bound);
        }
        try (HttpResponse closing = response) {
            int status = closing.getStatusCode();
            String body = closing.getBodyAsString().block(options.timeout());
            if (status / 100 == 2) {
                return new Answer(body, closing.getHeaderValue(SCHEMA_ID));
            }
            String detail = " (" + status + ": " + (body == null ? "" : body.trim()) + ")";
            if (status == 404) {
                throw new NotFound(notFound + detail);
            }
            if (status == 401 || status == 403) {
                throw new IllegalStateException(where.substring(0, 1).toUpperCase() + where.substring(1)
                        + " refused the sign-in" + detail + ". Check the key of '" + OptionKeys.CONNECTION_STRING
                        + "', or give the Entra ID identity ('" + OptionKeys.AUTH
                        + "') the role 'Schema Registry " + role + "' on the namespace.");
            }
            throw new IllegalStateException("Getting " + what + " from " + where + " failed" + detail + ".");
        }
    }

    private static HttpPipeline pipeline(RegistryOptions options) {
        HttpPipelinePolicy signIn = options.auth().mode().isEntraId()
                ? new BearerTokenAuthenticationPolicy(
                        TokenCredentials.forSettings(options.auth()), TokenCredentials.EVENT_HUBS_SCOPE)
                : new SharedAccessSignaturePolicy(options.connectionString(), options.namespace());
        return new HttpPipelineBuilder()
                .httpClient(httpClient(options))
                .policies(
                        new RetryPolicy(new ExponentialBackoff(
                                options.maxRetries(), Duration.ofMillis(500), Duration.ofSeconds(10))),
                        signIn)
                .build();
    }

    private static HttpClient httpClient(RegistryOptions options) {
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create();
        if (options.trustCertificate() != null) {
            File certificate = new File(options.trustCertificate());
            netty = netty.secure(spec -> {
                try {
                    spec.sslContext(SslContextBuilder.forClient()
                            .trustManager(certificate)
                            .build());
                } catch (SSLException e) {
                    throw new IllegalStateException(
                            "Option '" + OptionKeys.SCHEMA_REGISTRY_TRUST_CERTIFICATE + "' is not a PEM certificate: "
                                    + e.getMessage(),
                            e);
                }
            });
        }
        return new NettyAsyncHttpClientBuilder(netty)
                .connectTimeout(options.timeout())
                .responseTimeout(options.timeout())
                .build();
    }

    private static String firstLine(Throwable error) {
        String text = String.valueOf(error.getMessage());
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

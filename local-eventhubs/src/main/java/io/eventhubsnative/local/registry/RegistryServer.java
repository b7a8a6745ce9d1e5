package io.eventhubsnative.local.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.eventhubsnative.local.Counters;
import io.eventhubsnative.local.JwtValidator;
import io.eventhubsnative.local.amqp.SasTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Schema Registry's REST API over HTTPS, as the service serves it at {@code https://<namespace>/$schemaGroups}
 * (API version 2023-07-01, what {@code azure-data-schemaregistry} 1.4 sends): register, look up by content, get by
 * id or version, list groups and versions. Requests sign in as on the service: a bearer token (Microsoft Entra ID,
 * checked by the endpoint's JWT validator) or a SAS token of the namespace's keys.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    static final String API_VERSION = "2023-07-01";
    private static final Pattern BY_ID = Pattern.compile("/\\$schemaGroups/\\$schemas/([^/]+)");
    private static final Pattern SCHEMA =
            Pattern.compile("/\\$schemaGroups/([^/$][^/]*)/schemas/([^/:]+)(:get-id|/versions(?:/(\\d+))?)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final ExecutorService threads;
    private final SchemaStore store;
    private final SasTokens sasTokens;
    private final Supplier<JwtValidator> jwtValidator;
    private final Counters counters;

    private RegistryServer(
            SchemaStore store,
            SasTokens sasTokens,
            Supplier<JwtValidator> jwtValidator,
            Counters counters,
            SSLContext tls,
            String host,
            int port)
            throws IOException {
        this.counters = counters;
        this.store = store;
        this.sasTokens = sasTokens;
        this.jwtValidator = jwtValidator;
        this.server = HttpsServer.create(new InetSocketAddress(host, port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        this.threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "local-eventhubs-registry");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /** Starts the registry on {@code host:port} (0: a free port) with this TLS context. */
    public static RegistryServer start(
            SchemaStore store,
            SasTokens sasTokens,
            Supplier<JwtValidator> jwtValidator,
            Counters counters,
            SSLContext tls,
            String host,
            int port)
            throws IOException {
        RegistryServer registry = new RegistryServer(store, sasTokens, jwtValidator, counters, tls, host, port);
        registry.server.start();
        return registry;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            counters.registryRequest();
            String refusal = refusal(exchange.getRequestHeaders().getFirst("Authorization"));
            if (refusal != null) {
                error(exchange, 401, "Unauthorized", refusal);
                return;
            }
            route(exchange);
        } catch (RuntimeException e) {
            LOG.warn("The schema registry failed a request", e);
            error(exchange, 500, "InternalError", "The local schema registry failed: " + e.getMessage());
        }
    }

    private String refusal(String authorization) {
        if (authorization == null) {
            return "The request has no Authorization header: send a bearer token or a SharedAccessSignature.";
        }
        if (authorization.startsWith("Bearer ")) {
            return jwtValidator.get().accept(authorization.substring(7), "https://eventhubs.azure.net")
                    ? null
                    : "InvalidToken: the bearer token was rejected.";
        }
        return sasTokens.refusal(authorization);
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/$schemaGroups") && method.equals("GET")) {
            json(exchange, 200, Map.of("schemaGroups", store.groups()));
            return;
        }
        Matcher byId = BY_ID.matcher(path);
        if (byId.matches() && method.equals("GET")) {
            Optional<SchemaStore.Schema> schema = store.byId(byId.group(1));
            if (schema.isEmpty()) {
                error(exchange, 404, "ItemNotFound", "Schema id '" + byId.group(1) + "' does not exist.");
            } else {
                schema(exchange, schema.get());
            }
            return;
        }
        Matcher named = SCHEMA.matcher(path);
        if (!named.matches()) {
            error(exchange, 404, "NotFound", "No such resource: " + method + " " + path);
            return;
        }
        String group = named.group(1);
        String name = named.group(2);
        if (!store.hasGroup(group)) {
            error(exchange, 404, "ItemNotFound", "Schema group '" + group + "' does not exist.");
            return;
        }
        String operation = named.group(3);
        if (operation == null && method.equals("PUT")) {
            String format = format(exchange);
            properties(exchange, 204, store.register(group, name, format, body(exchange)));
        } else if (":get-id".equals(operation) && method.equals("POST")) {
            Optional<SchemaStore.Schema> schema = store.byContent(group, name, format(exchange), body(exchange));
            if (schema.isEmpty()) {
                error(
                        exchange,
                        404,
                        "ItemNotFound",
                        "Schema '" + group + "/" + name + "' with this content does not" + " exist.");
            } else {
                properties(exchange, 204, schema.get());
            }
        } else if (operation != null && operation.startsWith("/versions") && method.equals("GET")) {
            List<SchemaStore.Schema> versions = store.versions(group, name);
            if (named.group(4) == null) {
                json(
                        exchange,
                        200,
                        Map.of(
                                "schemaVersions",
                                versions.stream()
                                        .map(SchemaStore.Schema::version)
                                        .toList()));
                return;
            }
            int version = Integer.parseInt(named.group(4));
            if (version < 1 || version > versions.size()) {
                error(exchange, 404, "ItemNotFound", "Schema '" + group + "/" + name + "' has no version " + version);
            } else {
                schema(exchange, versions.get(version - 1));
            }
        } else {
            error(exchange, 405, "MethodNotAllowed", method + " is not allowed on " + path);
        }
    }

    /** {@code application/json; serialization=Avro} -> {@code Avro}; the service's Custom format is plain text. */
    private static String format(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
            for (String part : type.split(";")) {
                String trimmed = part.trim();
                if (trimmed.toLowerCase(Locale.ROOT).startsWith("serialization=")) {
                    return trimmed.substring("serialization=".length());
                }
            }
            if (type.startsWith("text/plain")) {
                return "Custom";
            }
        }
        return "Avro";
    }

    private static String contentType(SchemaStore.Schema schema) {
        return schema.format().equalsIgnoreCase("Custom")
                ? "text/plain; charset=utf-8"
                : "application/json; serialization=" + schema.format();
    }

    private static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void properties(HttpExchange exchange, int status, SchemaStore.Schema schema) throws IOException {
        headers(exchange, schema);
        exchange.sendResponseHeaders(status, -1);
    }

    private void schema(HttpExchange exchange, SchemaStore.Schema schema) throws IOException {
        headers(exchange, schema);
        send(exchange, 200, contentType(schema), schema.content().getBytes(StandardCharsets.UTF_8));
    }

    private void headers(HttpExchange exchange, SchemaStore.Schema schema) {
        String base = "https://" + exchange.getRequestHeaders().getFirst("Host");
        var headers = exchange.getResponseHeaders();
        headers.set("Schema-Id", schema.id());
        headers.set(
                "Schema-Id-Location", base + "/$schemaGroups/$schemas/" + schema.id() + "?api-version=" + API_VERSION);
        headers.set("Schema-Group-Name", schema.group());
        headers.set("Schema-Name", schema.name());
        headers.set("Schema-Version", Integer.toString(schema.version()));
        headers.set(
                "Location",
                base + "/$schemaGroups/" + schema.group() + "/schemas/" + schema.name() + "/versions/"
                        + schema.version() + "?api-version=" + API_VERSION);
        headers.set("Content-Type", contentType(schema));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("error", Map.of("code", code, "message", message)));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

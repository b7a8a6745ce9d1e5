package io.eventhubsnative.spark.client;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.amqp.AmqpTransportType;
import com.azure.core.amqp.ProxyAuthenticationType;
import com.azure.core.amqp.ProxyOptions;
import com.azure.core.credential.TokenCredential;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import io.eventhubsnative.spark.auth.TokenCredentials;
import io.eventhubsnative.spark.config.EventHubsOptions;
import io.eventhubsnative.spark.config.NetworkSettings;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SDK clients of this JVM, shared by everything that needs the same client: consumers per namespace, hub, consumer
 * group, credential and client settings; producers per namespace, hub, credential and client settings (a sink's
 * writers of every query share one). Each client holds one AMQP connection. Users take a {@link Lease} and close it;
 * a client nobody has held for {@link #IDLE_TIMEOUT} is closed, so a long-lived cluster where many queries come and
 * go keeps only the connections in use. The rest are closed when the JVM exits.
 */
public final class EventHubsClients {

    private static final Logger LOG = LoggerFactory.getLogger(EventHubsClients.class);
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final SharedClients<EventHubConsumerAsyncClient> CONSUMERS =
            new SharedClients<>("consumer", System::nanoTime);
    private static final SharedClients<EventHubProducerAsyncClient> PRODUCERS =
            new SharedClients<>("producer", System::nanoTime);

    static {
        ScheduledExecutorService evictor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "eventhubs-native-client-evictor");
            thread.setDaemon(true);
            return thread;
        });
        evictor.scheduleWithFixedDelay(EventHubsClients::closeIdleQuietly, 30, 30, TimeUnit.SECONDS);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            CONSUMERS.closeAll();
                            PRODUCERS.closeAll();
                        },
                        "eventhubs-native-clients-close"));
    }

    private EventHubsClients() {}

    /** One user's hold on a shared client; close it when done. */
    public static final class Lease<C> implements AutoCloseable {
        private final C client;
        private final SharedClients<?>.Handle handle;

        Lease(C client, SharedClients<?>.Handle handle) {
            this.client = client;
            this.handle = handle;
        }

        public C client() {
            return client;
        }

        /**
         * Retires the client if {@code error} shows it closed underneath (it will not recover): later leases get a new
         * one, and this one closes when its last user lets go.
         */
        public void retireIfBroken(Throwable error) {
            if (EventHubsErrors.isClosedUnderneath(error)) {
                LOG.warn("The Event Hubs client failed for good ({}); the next use builds a new one", error.toString());
                handle.retire();
            }
        }

        @Override
        public void close() {
            handle.release();
        }
    }

    /** The consumer client for the namespace, hub, consumer group and credential of {@code options}. */
    public static Lease<EventHubConsumerAsyncClient> consumer(EventHubsOptions options) {
        return CONSUMERS.lease(consumerKey(options), () -> builder(options).buildAsyncConsumerClient());
    }

    /** Equal for options that share a consumer client; shows no secret. */
    public static String consumerKey(EventHubsOptions options) {
        return key(options, options.consumerGroup(), String.valueOf(options.prefetchCount()));
    }

    /** The producer client for the namespace, hub and credential of {@code options}. */
    public static Lease<EventHubProducerAsyncClient> producer(EventHubsOptions options) {
        return PRODUCERS.lease(producerKey(options), () -> builder(options).buildAsyncProducerClient());
    }

    /** Equal for options that share a producer client: consumer group and prefetch play no part; shows no secret. */
    public static String producerKey(EventHubsOptions options) {
        return key(options);
    }

    /**
     * Closes the clients nobody has held for at least {@code idleFor}; returns how many. Every 30 s this JVM does it
     * for {@link #IDLE_TIMEOUT}.
     */
    public static int closeIdle(Duration idleFor) {
        return CONSUMERS.closeIdle(idleFor.toNanos()) + PRODUCERS.closeIdle(idleFor.toNanos());
    }

    private static void closeIdleQuietly() {
        try {
            closeIdle(IDLE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("Closing idle Event Hubs clients failed; trying again at the next round", e);
        }
    }

    /**
     * Equal for options that build the same client. The namespace and hub in clear, then a hash of the rest (the
     * connection string and credential included), so the key shows no secret.
     */
    static String key(EventHubsOptions options, String... clientSpecific) {
        List<String> material = new ArrayList<>(Arrays.asList(
                options.fullyQualifiedNamespace(),
                options.eventHubName(),
                options.connectionString() == null
                        ? ""
                        : options.connectionString().forEventHub(options.eventHubName()),
                options.auth().credentialKey(),
                String.valueOf(options.operationTimeout().toMillis()),
                String.valueOf(options.maxRetries()),
                options.networkKey(),
                String.valueOf(
                        options.network().transport() == NetworkSettings.Transport.AMQP_WEB_SOCKETS
                                        && !options.network().hasProxy()
                                ? systemProxy(options)
                                : null)));
        material.addAll(Arrays.asList(clientSpecific));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\u0000", material).getBytes(StandardCharsets.UTF_8));
            return options.namespaceAndHub() + "#"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * WebSockets, the proxy and a custom endpoint address, when set; else the SDK's defaults (AMQP on 5671). Over
     * WebSockets without proxy options, the JVM's proxy for the address ({@code https.proxyHost} and
     * {@code https.proxyPort}, or a ProxySelector a platform installs), asked here so that it is the same on every
     * executor and shows in the client's key.
     */
    private static void network(EventHubClientBuilder builder, EventHubsOptions options) {
        NetworkSettings network = options.network();
        if (network.transport() == NetworkSettings.Transport.AMQP_WEB_SOCKETS) {
            builder.transportType(AmqpTransportType.AMQP_WEB_SOCKETS);
        }
        if (network.hasProxy()) {
            boolean signsIn = network.proxyUsername() != null;
            ProxyAuthenticationType auth = !signsIn
                    ? ProxyAuthenticationType.NONE
                    : network.proxyAuth() == NetworkSettings.ProxyAuth.DIGEST
                            ? ProxyAuthenticationType.DIGEST
                            : ProxyAuthenticationType.BASIC;
            builder.proxyOptions(new ProxyOptions(
                    auth,
                    new Proxy(
                            Proxy.Type.HTTP,
                            InetSocketAddress.createUnresolved(network.proxyHost(), network.proxyPort())),
                    network.proxyUsername(),
                    network.proxyPassword()));
        }
        if (network.transport() == NetworkSettings.Transport.AMQP_WEB_SOCKETS && !network.hasProxy()) {
            Proxy system = systemProxy(options);
            if (system != null) {
                builder.proxyOptions(new ProxyOptions(ProxyAuthenticationType.NONE, system, null, null));
            }
        }
        if (network.customEndpointAddress() != null) {
            builder.customEndpointAddress(network.customEndpointAddress());
        }
    }

    /** The JVM's HTTP proxy for where the client connects, or null to connect directly. */
    static Proxy systemProxy(EventHubsOptions options) {
        List<Proxy> proxies;
        try {
            proxies = ProxySelector.getDefault().select(URI.create("https://" + ProxyProbe.target(options)));
        } catch (RuntimeException e) {
            LOG.warn("The JVM's proxy selector failed; connecting without a proxy", e);
            return null;
        }
        for (Proxy proxy : proxies) {
            if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress) {
                return proxy;
            }
        }
        return null;
    }

    /**
     * The SDK builder for {@code options}: SAS through the connection string; Microsoft Entra ID through this JVM's
     * {@link TokenCredentials credential} for the namespace and hub, or, with a local emulator's connection string,
     * over that connection string's plain-AMQP endpoint (the one-argument {@code credential} after
     * {@code connectionString} keeps the emulator transport and switches CBS to {@code jwt} tokens).
     */
    static EventHubClientBuilder builder(EventHubsOptions options) {
        Duration tryTimeout = options.operationTimeout();
        EventHubClientBuilder builder = new EventHubClientBuilder();
        if (!options.authMode().isEntraId()) {
            builder.connectionString(options.connectionStringForSdk());
        } else {
            TokenCredential credential = TokenCredentials.forSettings(options.auth());
            if (options.connectionString() != null) {
                builder.connectionString(options.connectionStringForSdk()).credential(credential);
            } else {
                builder.credential(options.fullyQualifiedNamespace(), options.eventHubName(), credential);
            }
        }
        network(builder, options);
        return builder.consumerGroup(options.consumerGroup())
                .prefetchCount(options.prefetchCount())
                .retryOptions(new AmqpRetryOptions()
                        .setMode(AmqpRetryMode.EXPONENTIAL)
                        .setMaxRetries(options.maxRetries())
                        .setTryTimeout(tryTimeout)
                        .setDelay(Duration.ofMillis(500))
                        .setMaxDelay(Duration.ofSeconds(30)));
    }
}

package io.eventhubsnative.spark.client;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.credential.TokenCredential;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProducerAsyncClient;
import io.eventhubsnative.spark.auth.TokenCredentials;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * SDK clients of this JVM, one per namespace, hub, consumer group and credential: every receive link and
 * management call of a JVM shares one AMQP connection. Closed when the JVM exits.
 */
public final class EventHubsClients {

  private static final ConcurrentMap<String, EventHubConsumerAsyncClient> CONSUMERS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, EventHubProducerAsyncClient> PRODUCERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(EventHubsClients::closeAll, "eventhubs-native-clients-close"));
  }

  private EventHubsClients() {}

  public static EventHubConsumerAsyncClient consumer(EventHubsOptions options) {
    return CONSUMERS.computeIfAbsent(options.clientKey(), key -> builder(options).buildAsyncConsumerClient());
  }

  /** The producer of this JVM for the namespace, hub and credential of {@code options} (the sink's writers share it). */
  public static EventHubProducerAsyncClient producer(EventHubsOptions options) {
    return PRODUCERS.computeIfAbsent(options.clientKey(), key -> builder(options).buildAsyncProducerClient());
  }

  /** Closes and forgets the client, e.g. after its connection failed for good; the next call builds a new one. */
  public static void invalidate(EventHubsOptions options) {
    EventHubConsumerAsyncClient client = CONSUMERS.remove(options.clientKey());
    if (client != null) {
      client.close();
    }
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
    return builder
        .consumerGroup(options.consumerGroup())
        .prefetchCount(options.prefetchCount())
        .retryOptions(new AmqpRetryOptions()
            .setMode(AmqpRetryMode.EXPONENTIAL)
            .setMaxRetries(options.maxRetries())
            .setTryTimeout(tryTimeout)
            .setDelay(Duration.ofMillis(500))
            .setMaxDelay(Duration.ofSeconds(30)));
  }

  private static void closeAll() {
    List<EventHubConsumerAsyncClient> clients = new ArrayList<>(CONSUMERS.values());
    CONSUMERS.clear();
    clients.forEach(EventHubConsumerAsyncClient::close);
    List<EventHubProducerAsyncClient> producers = new ArrayList<>(PRODUCERS.values());
    PRODUCERS.clear();
    producers.forEach(EventHubProducerAsyncClient::close);
  }
}

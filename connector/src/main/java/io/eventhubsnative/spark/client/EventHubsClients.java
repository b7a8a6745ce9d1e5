package io.eventhubsnative.spark.client;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
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

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(EventHubsClients::closeAll, "eventhubs-native-clients-close"));
  }

  private EventHubsClients() {}

  public static EventHubConsumerAsyncClient consumer(EventHubsOptions options) {
    return CONSUMERS.computeIfAbsent(options.clientKey(), key -> builder(options).buildAsyncConsumerClient());
  }

  /** Closes and forgets the client, e.g. after its connection failed for good; the next call builds a new one. */
  public static void invalidate(EventHubsOptions options) {
    EventHubConsumerAsyncClient client = CONSUMERS.remove(options.clientKey());
    if (client != null) {
      client.close();
    }
  }

  static EventHubClientBuilder builder(EventHubsOptions options) {
    Duration tryTimeout = options.operationTimeout();
    return new EventHubClientBuilder()
        .connectionString(options.connectionStringForSdk())
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
  }
}

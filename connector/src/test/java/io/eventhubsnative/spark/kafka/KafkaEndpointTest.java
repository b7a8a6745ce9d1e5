package io.eventhubsnative.spark.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaEndpointTest {

    private static final String KEY = "c2VjcmV0LWtleS12YWx1ZQ==";
    private static final String CONNECTION_STRING =
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=" + KEY;

    @Test
    void connectionStringSignsInWithPlainAsConnectionString() {
        Map<String, String> options = KafkaEndpoint.sourceOptions(
                settings("eventhubs.connectionString", CONNECTION_STRING, "eventhubs.name", "telemetry"));

        assertThat(options)
                .containsEntry("kafka.bootstrap.servers", "contoso.servicebus.windows.net:9093")
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "PLAIN")
                .containsEntry("subscribe", "telemetry")
                .containsEntry("kafka.request.timeout.ms", "60000")
                .doesNotContainKey("topic");
        assertThat(options.get("kafka.sasl.jaas.config"))
                .startsWith(
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\"")
                .contains(
                        "password=\"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey="
                                + KEY + ";EntityPath=telemetry\"")
                .endsWith(";");
    }

    @Test
    void entraIdSignsInWithOAuthBearerAndCarriesItsSettingsToExecutors() {
        Map<String, String> options = KafkaEndpoint.sinkOptions(settings(
                "eventhubs.namespace",
                "contoso.servicebus.windows.net",
                "eventhubs.name",
                "telemetry",
                "eventhubs.auth",
                "servicePrincipal",
                "eventhubs.tenantId",
                "tenant",
                "eventhubs.clientId",
                "app",
                "eventhubs.clientSecret",
                "s3cr\"et"));

        assertThat(options)
                .containsEntry("kafka.sasl.mechanism", "OAUTHBEARER")
                .containsEntry(
                        "kafka.sasl.login.callback.handler.class", EventHubsOAuthBearerLoginHandler.class.getName())
                .containsEntry("topic", "telemetry")
                .containsEntry("kafka.max.request.size", "1000000")
                .doesNotContainKey("subscribe");
        assertThat(options.get("kafka.sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ")
                .contains(
                        " eventhubs.auth=\"servicePrincipal\"",
                        " eventhubs.tenantId=\"tenant\"",
                        " eventhubs.clientSecret=\"s3cr\\\"et\"",
                        " eventhubs.namespace=\"contoso.servicebus.windows.net\"",
                        " eventhubs.name=\"telemetry\"");
    }

    @Test
    void databricksPrefixAndKafkaOverrides() {
        Map<String, String> settings = new HashMap<>();
        settings.put("eventhubs.connectionString", CONNECTION_STRING + ";EntityPath=orders");
        settings.put("eventhubs.kafka.classPrefix", "kafkashaded.");
        settings.put("kafka.bootstrap.servers", "127.0.0.1:19092");
        settings.put("kafka.security.protocol", "SASL_PLAINTEXT");

        Map<String, String> options = KafkaEndpoint.sourceOptions(settings);

        assertThat(options.get("kafka.sasl.jaas.config"))
                .startsWith("kafkashaded.org.apache.kafka.common.security.plain.");
        assertThat(options)
                .containsEntry("kafka.bootstrap.servers", "127.0.0.1:19092")
                .containsEntry("kafka.security.protocol", "SASL_PLAINTEXT")
                .containsEntry("subscribe", "orders")
                .doesNotContainKey("eventhubs.kafka.classPrefix");
    }

    @Test
    void readOptionsOfTheNativeSourceAreRefusedWithTheKafkaEquivalent() {
        assertThatThrownBy(() -> KafkaEndpoint.sourceOptions(settings(
                        "eventhubs.connectionString",
                        CONNECTION_STRING,
                        "eventhubs.name",
                        "telemetry",
                        "eventhubs.startingPosition",
                        "earliest")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'eventhubs.startingPosition'")
                .hasMessageContaining("startingOffsets")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void aMissingHubIsNamed() {
        assertThatThrownBy(() -> KafkaEndpoint.sourceOptions(settings("eventhubs.connectionString", CONNECTION_STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.name")
                .hasMessageNotContaining(KEY);
    }

    @Test
    void scopeHostComesFromTheFirstBootstrapServer() {
        assertThat(EventHubsOAuthBearerLoginHandler.bootstrapHost(
                        Arrays.asList("contoso.servicebus.windows.net:9093", "x:1")))
                .isEqualTo("contoso.servicebus.windows.net");
        assertThat(EventHubsOAuthBearerLoginHandler.bootstrapHost("a.servicebus.chinacloudapi.cn:9093,b:9093"))
                .isEqualTo("a.servicebus.chinacloudapi.cn");
        assertThatThrownBy(() -> EventHubsOAuthBearerLoginHandler.bootstrapHost(null))
                .hasMessageContaining("kafka.bootstrap.servers");
    }

    private static Map<String, String> settings(String... keysAndValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    @Test
    void jaasValuesAreQuotedAndEscaped() {
        assertThat(KafkaEndpoint.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}

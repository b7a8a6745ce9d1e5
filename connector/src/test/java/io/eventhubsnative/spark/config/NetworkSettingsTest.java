package io.eventhubsnative.spark.config;

import static io.eventhubsnative.spark.config.TestOptions.rejects;
import static io.eventhubsnative.spark.config.TestOptions.withConnectionString;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.spark.client.EventHubsClients;
import org.junit.jupiter.api.Test;

/** {@code eventhubs.transportType}, the proxy options and {@code eventhubs.customEndpointAddress}. */
class NetworkSettingsTest {

    private static final String PROXY_PASSWORD = "pr0xy-P4ss!word";

    @Test
    void amqpIsTheDefault() {
        NetworkSettings network = EventHubsOptions.parse(withConnectionString()).network();
        assertThat(network.transport()).isEqualTo(NetworkSettings.Transport.AMQP);
        assertThat(network.hasProxy()).isFalse();
        assertThat(network.customEndpointAddress()).isNull();
    }

    @Test
    void webSocketsThroughAProxyThatSignsIn() {
        EventHubsOptions options = EventHubsOptions.parse(withConnectionString(
                "eventhubs.transportType", "AmqpWebSockets",
                "eventhubs.proxy.host", "proxy.contoso.com",
                "eventhubs.proxy.port", "8080",
                "eventhubs.proxy.username", "etl",
                "eventhubs.proxy.password", PROXY_PASSWORD));
        NetworkSettings network = options.network();
        assertThat(network.transport()).isEqualTo(NetworkSettings.Transport.AMQP_WEB_SOCKETS);
        assertThat(network.proxyHost()).isEqualTo("proxy.contoso.com");
        assertThat(network.proxyPort()).isEqualTo(8080);
        assertThat(network.proxyUsername()).isEqualTo("etl");
        assertThat(network.proxyPassword()).isEqualTo(PROXY_PASSWORD);
        assertThat(network.proxyAuth()).isEqualTo(NetworkSettings.ProxyAuth.BASIC);
        assertThat(options.toString())
                .contains("transportType=amqpWebSockets, proxy=proxy.contoso.com:8080 (basic, user etl, password ***)")
                .doesNotContain(PROXY_PASSWORD);
    }

    @Test
    void aDifferentProxyPasswordMakesADifferentClientWithoutShowingIt() {
        String first = EventHubsClients.producerKey(EventHubsOptions.parse(proxied(PROXY_PASSWORD)));
        String second = EventHubsClients.producerKey(EventHubsOptions.parse(proxied("other")));
        assertThat(first).isNotEqualTo(second).doesNotContain(PROXY_PASSWORD);
    }

    private static java.util.Map<String, String> proxied(String password) {
        return withConnectionString(
                "eventhubs.transportType", "amqpWebSockets",
                "eventhubs.proxy.host", "proxy",
                "eventhubs.proxy.port", "3128",
                "eventhubs.proxy.username", "etl",
                "eventhubs.proxy.password", password);
    }

    @Test
    void aProxyNeedsWebSockets() {
        rejects(
                        withConnectionString("eventhubs.proxy.host", "proxy", "eventhubs.proxy.port", "3128"),
                        "'eventhubs.proxy.host' needs option 'eventhubs.transportType' set to amqpWebSockets",
                        ".option(\"eventhubs.transportType\", \"amqpWebSockets\")")
                .hasMessageNotContaining(PROXY_PASSWORD);
    }

    @Test
    void aProxyNeedsItsPortAndAValidOne() {
        rejects(
                withConnectionString("eventhubs.transportType", "amqpWebSockets", "eventhubs.proxy.host", "proxy"),
                "needs option 'eventhubs.proxy.port'");
        rejects(
                withConnectionString(
                        "eventhubs.transportType", "amqpWebSockets",
                        "eventhubs.proxy.host", "proxy",
                        "eventhubs.proxy.port", "80800"),
                "eventhubs.proxy.port");
    }

    @Test
    void proxyCredentialsGoTogetherAndNeedAHost() {
        rejects(
                        withConnectionString(
                                "eventhubs.transportType", "amqpWebSockets",
                                "eventhubs.proxy.host", "proxy",
                                "eventhubs.proxy.port", "3128",
                                "eventhubs.proxy.password", PROXY_PASSWORD),
                        "'eventhubs.proxy.username' and 'eventhubs.proxy.password' go together")
                .hasMessageNotContaining(PROXY_PASSWORD);
        rejects(
                        withConnectionString("eventhubs.proxy.password", PROXY_PASSWORD),
                        "'eventhubs.proxy.password' needs option 'eventhubs.proxy.host'")
                .hasMessageNotContaining(PROXY_PASSWORD);
    }

    @Test
    void anUnknownTransportIsNamedWithTheChoices() {
        rejects(
                withConnectionString("eventhubs.transportType", "mqtt"),
                "'eventhubs.transportType' must be amqp",
                "amqpWebSockets",
                "'mqtt'");
    }

    @Test
    void aCustomEndpointAddressIsAnHttpsAddress() {
        assertThat(EventHubsOptions.parse(
                                withConnectionString("eventhubs.customEndpointAddress", "gateway.contoso.com:8443"))
                        .network()
                        .customEndpointAddress())
                .isEqualTo("https://gateway.contoso.com:8443");
        rejects(
                withConnectionString("eventhubs.customEndpointAddress", "amqp://gateway"),
                "'eventhubs.customEndpointAddress' must be an https address",
                "https://eventhubs-gateway.contoso.com:443");
    }
}

package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.spark.config.EventHubsOptions;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceIdentityTest {

    private static final SourceIdentity TELEMETRY = new SourceIdentity("myns.servicebus.windows.net", "telemetry");

    @Test
    void versionedJson() {
        assertThat(TELEMETRY.json())
                .isEqualTo("{\"version\":1,\"namespace\":\"myns.servicebus.windows.net\",\"eventHub\":\"telemetry\"}");
        assertThat(SourceIdentity.fromJson(TELEMETRY.json())).isEqualTo(TELEMETRY);
    }

    @Test
    void fromOptions() {
        Map<String, String> options = new HashMap<>();
        options.put(
                "eventhubs.connectionString",
                "Endpoint=sb://MyNs.servicebus.windows.net/;SharedAccessKeyName=a;"
                        + "SharedAccessKey=k;EntityPath=telemetry");
        SourceIdentity identity = SourceIdentity.of(EventHubsOptions.parse(options));
        assertThat(identity.namespace()).isEqualTo("myns.servicebus.windows.net");
        assertThat(identity.eventHubName()).isEqualTo("telemetry");
        assertThat(identity).isEqualTo(TELEMETRY);
    }

    @Test
    void namesCompareCaseInsensitively() {
        SourceIdentity shouting = new SourceIdentity("MYNS.SERVICEBUS.WINDOWS.NET", "Telemetry");
        TELEMETRY.checkResumableBy(shouting);
        assertThat(shouting).isEqualTo(TELEMETRY).hasSameHashCodeAs(TELEMETRY);
    }

    @Test
    void resumingAnotherHubNamesBoth() {
        assertThatThrownBy(
                        () -> TELEMETRY.checkResumableBy(new SourceIdentity("myns.servicebus.windows.net", "orders")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'telemetry'")
                .hasMessageContaining("'orders'")
                .hasMessageContaining("new checkpointLocation");
    }

    @Test
    void resumingAnotherNamespaceNamesBoth() {
        assertThatThrownBy(() ->
                        TELEMETRY.checkResumableBy(new SourceIdentity("otherns.servicebus.windows.net", "telemetry")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("myns.servicebus.windows.net")
                .hasMessageContaining("otherns.servicebus.windows.net");
    }

    @Test
    void offsetsOfAnotherHub() {
        TELEMETRY.checkOffset(new EventHubsSourceOffset("TELEMETRY", Collections.singletonMap("0", 1L)));
        assertThatThrownBy(() ->
                        TELEMETRY.checkOffset(new EventHubsSourceOffset("orders", Collections.singletonMap("0", 1L))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'orders'")
                .hasMessageContaining("'telemetry'");
    }

    @Test
    void aNewerVersionIsRefused() {
        assertThatThrownBy(() -> SourceIdentity.fromJson("{\"version\":2,\"namespace\":\"a.b\",\"eventHub\":\"h\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("newer");
    }

    @Test
    void malformedIdentity() {
        assertThatThrownBy(() -> SourceIdentity.fromJson("{\"namespace\":\"a.b\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no version");
        assertThatThrownBy(() -> SourceIdentity.fromJson("{\"version\":1,\"namespace\":\"a.b\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> SourceIdentity.fromJson("{"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not valid JSON");
    }
}

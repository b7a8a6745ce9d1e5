package io.eventhubsnative.spark.config;

import static io.eventhubsnative.spark.config.TestOptions.EMULATOR_CS;
import static io.eventhubsnative.spark.config.TestOptions.HUB_CS;
import static io.eventhubsnative.spark.config.TestOptions.KEY;
import static io.eventhubsnative.spark.config.TestOptions.SIGNATURE;
import static io.eventhubsnative.spark.config.TestOptions.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {

    @Test
    void partsOfAHubLevelString() {
        ConnectionString cs = ConnectionString.parse(HUB_CS);
        assertThat(cs.endpoint()).isEqualTo("sb://myns.servicebus.windows.net/");
        assertThat(cs.fullyQualifiedNamespace()).isEqualTo("myns.servicebus.windows.net");
        assertThat(cs.sharedAccessKeyName()).isEqualTo("RootManageSharedAccessKey");
        assertThat(cs.sharedAccessKey()).isEqualTo(KEY);
        assertThat(cs.sharedAccessSignature()).isNull();
        assertThat(cs.entityPath()).isEqualTo("telemetry");
        assertThat(cs.useDevelopmentEmulator()).isFalse();
    }

    @Test
    void keysAreCaseInsensitiveAndSpacesAndTrailingSemicolonsAreIgnored() {
        ConnectionString cs = ConnectionString.parse(" endpoint = sb://MyNs.servicebus.windows.net/ ; "
                + "sharedaccesskeyname=listen;SHAREDACCESSKEY=" + KEY + ";entitypath=telemetry;;");
        assertThat(cs.fullyQualifiedNamespace()).isEqualTo("myns.servicebus.windows.net");
        assertThat(cs.sharedAccessKeyName()).isEqualTo("listen");
        assertThat(cs.entityPath()).isEqualTo("telemetry");
    }

    @Test
    void endpointWithoutSchemeGetsSb() {
        ConnectionString cs = ConnectionString.parse(
                "Endpoint=myns.servicebus.windows.net;SharedAccessKeyName=a;" + "SharedAccessKey=" + KEY);
        assertThat(cs.endpoint()).isEqualTo("sb://myns.servicebus.windows.net");
        assertThat(cs.entityPath()).isNull();
    }

    @Test
    void emulatorStringKeepsThePort() {
        ConnectionString cs = ConnectionString.parse(EMULATOR_CS);
        assertThat(cs.fullyQualifiedNamespace()).isEqualTo("localhost:5673");
        assertThat(cs.useDevelopmentEmulator()).isTrue();
        assertThat(cs.forEventHub("eh1")).endsWith(";EntityPath=eh1;UseDevelopmentEmulator=true");
    }

    @Test
    void sharedAccessSignature() {
        ConnectionString cs = ConnectionString.parse(
                "Endpoint=sb://myns.servicebus.windows.net/;" + "SharedAccessSignature=" + SIGNATURE);
        assertThat(cs.sharedAccessSignature()).isEqualTo(SIGNATURE);
        assertThat(cs.sharedAccessKey()).isNull();
        assertThat(cs.forEventHub("telemetry"))
                .isEqualTo("Endpoint=sb://myns.servicebus.windows.net/;" + "SharedAccessSignature=" + SIGNATURE
                        + ";EntityPath=telemetry");
    }

    @Test
    void aBareTokenGetsItsTypePrefix() {
        String token = SIGNATURE.substring("SharedAccessSignature ".length());
        ConnectionString cs = ConnectionString.parse(
                "Endpoint=sb://myns.servicebus.windows.net/;" + "SharedAccessSignature=" + token);
        assertThat(cs.sharedAccessSignature()).isEqualTo(SIGNATURE);
    }

    @Test
    void forEventHubReplacesNothingButTheEntityPath() {
        assertThat(ConnectionString.parse(HUB_CS).forEventHub("telemetry")).isEqualTo(HUB_CS);
    }

    @Test
    void toStringRedactsTheKeyAndTheSignature() {
        assertThat(ConnectionString.parse(HUB_CS).toString())
                .isEqualTo("Endpoint=sb://myns.servicebus.windows.net/;"
                        + "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=***;EntityPath=telemetry");
        assertThat(ConnectionString.parse(
                                "Endpoint=sb://myns.servicebus.windows.net/;SharedAccessSignature=" + SIGNATURE)
                        .toString())
                .isEqualTo("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessSignature=***");
    }

    @Test
    void missingEndpoint() {
        rejects(
                () -> ConnectionString.parse("SharedAccessKeyName=a;SharedAccessKey=" + KEY + ";Endpoint="),
                "eventhubs.connectionString",
                "no Endpoint",
                ConnectionString.EXAMPLE);
    }

    @Test
    void missingKey() {
        rejects(
                () -> ConnectionString.parse("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=a"),
                "eventhubs.connectionString",
                "needs SharedAccessKeyName and SharedAccessKey");
    }

    @Test
    void keyAndSignatureTogether() {
        rejects(
                () -> ConnectionString.parse("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=a;"
                        + "SharedAccessKey=" + KEY + ";SharedAccessSignature=" + SIGNATURE),
                "both a SharedAccessSignature");
    }

    @Test
    void signatureThatIsNotASasToken() {
        rejects(
                () -> ConnectionString.parse("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessSignature=" + KEY),
                "not a SAS token");
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() {
        rejects(
                () -> ConnectionString.parse(HUB_CS + ";EnityPath=x"),
                "unknown key 'EnityPath'",
                "did you mean 'EntityPath'?");
    }

    @Test
    void somethingThatMayBeASecretIsNotEchoedAsAKey() {
        rejects(
                () -> ConnectionString.parse("Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=a;" + KEY),
                "eventhubs.connectionString",
                "unknown key (not shown");
    }

    @Test
    void aPartWithoutEqualsSign() {
        rejects(
                        () -> ConnectionString.parse("Endpoint=sb://myns.servicebus.windows.net/;S3cretWithoutEquals;"
                                + "SharedAccessKeyName=a;SharedAccessKey=" + KEY),
                        "part (number 2)",
                        "Key=Value")
                .hasMessageNotContaining("S3cretWithoutEquals");
    }

    @Test
    void legacyEncryptedStringGetsAHint() {
        String encrypted = Base64.getEncoder().encodeToString(("encrypted " + HUB_CS).getBytes());
        rejects(() -> ConnectionString.parse(encrypted), "not a connection string", "EventHubsUtils.encrypt")
                .hasMessageNotContaining(encrypted.substring(0, 20));
    }

    @Test
    void emulatorFlagMustBeABoolean() {
        rejects(
                () -> ConnectionString.parse(HUB_CS + ";UseDevelopmentEmulator=yes"),
                "UseDevelopmentEmulator",
                "true or false");
    }

    @Test
    void duplicateKey() {
        rejects(() -> ConnectionString.parse(HUB_CS + ";EntityPath=other"), "EntityPath twice");
    }

    @Test
    void endpointWithAnotherScheme() {
        rejects(
                () -> ConnectionString.parse("Endpoint=amqps://myns.servicebus.windows.net/;SharedAccessKeyName=a;"
                        + "SharedAccessKey=" + KEY),
                "scheme",
                "Endpoint=sb://myns.servicebus.windows.net/");
    }

    @Test
    void empty() {
        rejects(() -> ConnectionString.parse("  "), "eventhubs.connectionString", "is empty");
    }
}

package io.eventhubsnative.spark.config;

import static io.eventhubsnative.spark.config.TestOptions.CERT_PASSWORD;
import static io.eventhubsnative.spark.config.TestOptions.CLIENT_SECRET;
import static io.eventhubsnative.spark.config.TestOptions.options;
import static io.eventhubsnative.spark.config.TestOptions.rejects;
import static io.eventhubsnative.spark.config.TestOptions.withConnectionString;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.spark.client.EventHubsClients;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthSettingsTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String APP = "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";

    /** Entra ID options for myns/telemetry plus the given ones. */
    private static Map<String, String> entra(String... keysAndValues) {
        Map<String, String> options =
                options("eventhubs.namespace", "myns.servicebus.windows.net", "eventhubs.name", "telemetry");
        options.putAll(options(keysAndValues));
        return options;
    }

    @Test
    void connectionStringMeansSas() {
        EventHubsOptions options = EventHubsOptions.parse(withConnectionString());
        assertThat(options.authMode()).isEqualTo(AuthMode.SAS);
        assertThat(options.auth().toString()).isEqualTo("auth=sas");
    }

    @Test
    void explicitSasNeedsAConnectionString() {
        rejects(
                entra("eventhubs.auth", "sas"),
                "eventhubs.auth=sas",
                "needs option 'eventhubs.connectionString'",
                "Endpoint=sb://");
    }

    @Test
    void withoutConnectionStringTheDefaultIsAzureDefault() {
        EventHubsOptions options =
                EventHubsOptions.parse(entra("eventhubs.tenantId", TENANT, "eventhubs.managedIdentityClientId", APP));
        assertThat(options.authMode()).isEqualTo(AuthMode.AZURE_DEFAULT);
        assertThat(options.auth().tenantId()).isEqualTo(TENANT);
        assertThat(options.auth().managedIdentityClientId()).isEqualTo(APP);
    }

    @Test
    void servicePrincipalWithSecret() {
        EventHubsOptions options = EventHubsOptions.parse(entra(
                "eventhubs.auth",
                "servicePrincipal",
                "eventhubs.tenantId",
                TENANT,
                "eventhubs.clientId",
                APP,
                "eventhubs.clientSecret",
                CLIENT_SECRET,
                "eventhubs.authorityHost",
                "https://login.microsoftonline.us/"));
        assertThat(options.authMode()).isEqualTo(AuthMode.SERVICE_PRINCIPAL);
        assertThat(options.auth().clientSecret()).isEqualTo(CLIENT_SECRET);
        assertThat(options.auth().authorityHost()).isEqualTo("https://login.microsoftonline.us/");
        assertThat(options.toString())
                .contains("auth=servicePrincipal", "tenantId=" + TENANT, "clientId=" + APP, "clientSecret=***")
                .doesNotContain(CLIENT_SECRET);
    }

    @Test
    void aClientSecretImpliesServicePrincipal() {
        EventHubsOptions options = EventHubsOptions.parse(entra(
                "eventhubs.tenantId", TENANT, "eventhubs.clientId", APP, "eventhubs.clientSecret", CLIENT_SECRET));
        assertThat(options.authMode()).isEqualTo(AuthMode.SERVICE_PRINCIPAL);
    }

    @Test
    void aClientSecretWithoutTenantAndClientIdIsAnError() {
        rejects(
                entra("eventhubs.clientSecret", CLIENT_SECRET),
                "servicePrincipal",
                "eventhubs.tenantId",
                "eventhubs.clientId",
                "chosen because eventhubs.clientSecret is set");
    }

    @Test
    void servicePrincipalWithoutClientIdSaysWhichIsMissing() {
        rejects(
                entra(
                        "eventhubs.auth",
                        "servicePrincipal",
                        "eventhubs.tenantId",
                        TENANT,
                        "eventhubs.clientSecret",
                        CLIENT_SECRET),
                "missing: eventhubs.clientId");
    }

    @Test
    void servicePrincipalWithoutSecretOrCertificate() {
        rejects(
                entra("eventhubs.auth", "servicePrincipal", "eventhubs.tenantId", TENANT, "eventhubs.clientId", APP),
                "eventhubs.clientSecret",
                "eventhubs.clientCertificatePath");
    }

    @Test
    void secretAndCertificateTogetherAreAnError(@TempDir Path dir) throws IOException {
        File pem = Files.write(dir.resolve("app.pem"), new byte[] {1}).toFile();
        rejects(
                entra(
                        "eventhubs.tenantId",
                        TENANT,
                        "eventhubs.clientId",
                        APP,
                        "eventhubs.clientSecret",
                        CLIENT_SECRET,
                        "eventhubs.clientCertificatePath",
                        pem.getPath()),
                "eventhubs.clientSecret",
                "eventhubs.clientCertificatePath",
                "Keep one");
    }

    @Test
    void servicePrincipalWithCertificate(@TempDir Path dir) throws IOException {
        File pfx = Files.write(dir.resolve("app.pfx"), new byte[] {1}).toFile();
        EventHubsOptions options = EventHubsOptions.parse(entra(
                "eventhubs.tenantId",
                TENANT,
                "eventhubs.clientId",
                APP,
                "eventhubs.clientCertificatePath",
                pfx.getPath(),
                "eventhubs.clientCertificatePassword",
                CERT_PASSWORD));
        assertThat(options.authMode()).isEqualTo(AuthMode.SERVICE_PRINCIPAL);
        assertThat(options.auth().clientCertificatePath()).isEqualTo(pfx.getPath());
        assertThat(options.auth().clientCertificatePassword()).isEqualTo(CERT_PASSWORD);
        assertThat(options.toString()).contains("clientCertificatePassword=***").doesNotContain(CERT_PASSWORD);
    }

    @Test
    void certificateThatDoesNotExist() {
        rejects(
                entra(
                        "eventhubs.tenantId",
                        TENANT,
                        "eventhubs.clientId",
                        APP,
                        "eventhubs.clientCertificatePath",
                        "/no/such/app.pem",
                        "eventhubs.clientCertificatePassword",
                        CERT_PASSWORD),
                "eventhubs.clientCertificatePath",
                "/no/such/app.pem",
                "not a file");
    }

    @Test
    void certificatePasswordWithoutCertificate() {
        rejects(
                entra(
                        "eventhubs.auth",
                        "servicePrincipal",
                        "eventhubs.tenantId",
                        TENANT,
                        "eventhubs.clientId",
                        APP,
                        "eventhubs.clientSecret",
                        CLIENT_SECRET,
                        "eventhubs.clientCertificatePassword",
                        CERT_PASSWORD),
                "eventhubs.clientCertificatePassword",
                "only used with 'eventhubs.clientCertificatePath'");
    }

    @Test
    void connectionStringWithAnEntraIdModeIsAConflict() {
        rejects(
                withConnectionString(
                        "eventhubs.auth",
                        "servicePrincipal",
                        "eventhubs.tenantId",
                        TENANT,
                        "eventhubs.clientId",
                        APP,
                        "eventhubs.clientSecret",
                        CLIENT_SECRET),
                "eventhubs.connectionString",
                "eventhubs.auth=servicePrincipal",
                "conflict",
                "eventhubs.namespace");
    }

    @Test
    void anEmulatorConnectionStringMayCarryAnEntraIdMode() {
        Map<String, String> provider = options(
                "eventhubs.connectionString",
                TestOptions.EMULATOR_CS,
                "eventhubs.name",
                "telemetry",
                "eventhubs.credentialProvider",
                "com.example.MyTokenProvider");
        EventHubsOptions options = EventHubsOptions.parse(provider);
        assertThat(options.authMode()).isEqualTo(AuthMode.CREDENTIAL_PROVIDER);
        assertThat(options.auth().emulatorTransport()).isTrue();
        assertThat(options.fullyQualifiedNamespace()).isEqualTo("localhost:5673");
        assertThat(options.connectionStringForSdk()).contains("UseDevelopmentEmulator=true");
        assertThat(options.toString()).contains("emulator connection string").doesNotContain("SAS_KEY_VALUE");

        EventHubsOptions servicePrincipal = EventHubsOptions.parse(options(
                "eventhubs.connectionString",
                TestOptions.EMULATOR_CS,
                "eventhubs.name",
                "telemetry",
                "eventhubs.auth",
                "servicePrincipal",
                "eventhubs.tenantId",
                TENANT,
                "eventhubs.clientId",
                APP,
                "eventhubs.clientSecret",
                CLIENT_SECRET));
        assertThat(servicePrincipal.authMode()).isEqualTo(AuthMode.SERVICE_PRINCIPAL);
        assertThat(servicePrincipal.auth().emulatorTransport()).isTrue();

        EventHubsOptions sas = EventHubsOptions.parse(
                options("eventhubs.connectionString", TestOptions.EMULATOR_CS, "eventhubs.name", "telemetry"));
        assertThat(sas.authMode()).isEqualTo(AuthMode.SAS);
        assertThat(sas.auth().emulatorTransport()).isFalse();
    }

    @Test
    void aRealConnectionStringWithAProviderIsStillAnError() {
        rejects(
                withConnectionString("eventhubs.credentialProvider", "com.example.MyTokenProvider"),
                "eventhubs.credentialProvider",
                "not used with eventhubs.auth=sas");
        rejects(
                withConnectionString(
                        "eventhubs.auth",
                        "credentialProvider",
                        "eventhubs.credentialProvider",
                        "com.example.MyTokenProvider"),
                "conflict",
                "UseDevelopmentEmulator=true");
    }

    @Test
    void providerOptionsGoToTheProviderOnly() {
        EventHubsOptions options = EventHubsOptions.parse(entra(
                "eventhubs.credentialProvider",
                "com.example.MyTokenProvider",
                "eventhubs.credentialProvider.Vault",
                "my-vault",
                "EVENTHUBS.CREDENTIALPROVIDER.apiKey",
                CLIENT_SECRET));
        assertThat(options.auth().providerOptions())
                .containsEntry("eventhubs.credentialProvider.Vault", "my-vault")
                .containsEntry("EVENTHUBS.CREDENTIALPROVIDER.apiKey", CLIENT_SECRET);
        assertThat(options.auth().providerOptions().get("eventhubs.credentialprovider.vault"))
                .isEqualTo("my-vault");
        assertThat(options.toString())
                .contains("eventhubs.credentialProvider.Vault")
                .doesNotContain(CLIENT_SECRET)
                .doesNotContain("my-vault");
        assertThat(EventHubsClients.consumerKey(options)).doesNotContain(CLIENT_SECRET);
        EventHubsOptions other = EventHubsOptions.parse(entra(
                "eventhubs.credentialProvider",
                "com.example.MyTokenProvider",
                "eventhubs.credentialProvider.Vault",
                "other-vault"));
        assertThat(other.auth().credentialKey()).isNotEqualTo(options.auth().credentialKey());

        rejects(
                entra("eventhubs.auth", "managedIdentity", "eventhubs.credentialProvider.vault", "my-vault"),
                "eventhubs.credentialProvider.vault",
                "not used with eventhubs.auth=managedIdentity");
    }

    @Test
    void entraIdSettingsWithAConnectionStringAreAnError() {
        rejects(
                withConnectionString("eventhubs.clientSecret", CLIENT_SECRET),
                "eventhubs.clientSecret",
                "not used with eventhubs.auth=sas",
                "chosen because eventhubs.connectionString is set",
                "eventhubs.auth=servicePrincipal");
    }

    @Test
    void managedIdentity() {
        EventHubsOptions options = EventHubsOptions.parse(
                entra("eventhubs.auth", "managedIdentity", "eventhubs.managedIdentityClientId", APP));
        assertThat(options.authMode()).isEqualTo(AuthMode.MANAGED_IDENTITY);
        assertThat(options.auth().managedIdentityClientId()).isEqualTo(APP);
        assertThat(EventHubsOptions.parse(entra("eventhubs.auth", "MANAGEDIDENTITY"))
                        .authMode())
                .isEqualTo(AuthMode.MANAGED_IDENTITY);
    }

    @Test
    void managedIdentityTakesItsOwnClientIdOption() {
        rejects(
                entra("eventhubs.auth", "managedIdentity", "eventhubs.clientId", APP),
                "eventhubs.clientId",
                "not used with eventhubs.auth=managedIdentity",
                "eventhubs.managedIdentityClientId");
    }

    @Test
    void workloadIdentity() {
        EventHubsOptions options = EventHubsOptions.parse(
                entra("eventhubs.auth", "workloadIdentity", "eventhubs.tenantId", TENANT, "eventhubs.clientId", APP));
        assertThat(options.authMode()).isEqualTo(AuthMode.WORKLOAD_IDENTITY);
        rejects(
                entra("eventhubs.auth", "workloadIdentity", "eventhubs.clientSecret", CLIENT_SECRET),
                "eventhubs.clientSecret",
                "not used with eventhubs.auth=workloadIdentity");
    }

    @Test
    void credentialProvider() {
        EventHubsOptions options =
                EventHubsOptions.parse(entra("eventhubs.credentialProvider", "com.example.tokens.MyTokenProvider"));
        assertThat(options.authMode()).isEqualTo(AuthMode.CREDENTIAL_PROVIDER);
        assertThat(options.auth().credentialProvider()).isEqualTo("com.example.tokens.MyTokenProvider");
    }

    @Test
    void credentialProviderModeNeedsAClass() {
        rejects(
                entra("eventhubs.auth", "credentialProvider"),
                "eventhubs.credentialProvider",
                "com.example.MyTokenProvider");
        rejects(
                entra("eventhubs.credentialProvider", "not a class!"),
                "eventhubs.credentialProvider",
                "fully qualified class name");
    }

    @Test
    void credentialProviderWithAnotherModeIsAnError() {
        rejects(
                entra("eventhubs.auth", "managedIdentity", "eventhubs.credentialProvider", "com.example.P"),
                "eventhubs.credentialProvider",
                "not used with eventhubs.auth=managedIdentity");
    }

    @Test
    void unknownModeSuggestsTheClosest() {
        rejects(
                entra("eventhubs.auth", "servicePrinciple"),
                "eventhubs.auth",
                "servicePrinciple",
                "Did you mean 'servicePrincipal'?",
                "sas, servicePrincipal, managedIdentity, workloadIdentity, azureDefault, " + "credentialProvider");
    }

    @Test
    void authorityHostMustBeHttps() {
        rejects(
                entra("eventhubs.authorityHost", "login.microsoftonline.us"),
                "eventhubs.authorityHost",
                "https URL",
                "https://login.microsoftonline.us/");
    }

    @Test
    void authorityHostIsNotUsedByManagedIdentity() {
        rejects(
                entra(
                        "eventhubs.auth",
                        "managedIdentity",
                        "eventhubs.authorityHost",
                        "https://login.microsoftonline.us/"),
                "eventhubs.authorityHost",
                "not used with eventhubs.auth=managedIdentity");
    }
}

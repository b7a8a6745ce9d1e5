package io.eventhubsnative.spark.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientCertificateCredential;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.WorkloadIdentityCredential;
import io.eventhubsnative.spark.config.AuthSettings;
import io.eventhubsnative.spark.config.EventHubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

class TokenCredentialsTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String APP = "00000000-1111-2222-3333-444444444444";
    private static final String SECRET = "sp~S3cr3t.Value_0123456789";
    private static final String PASSWORD = "pfx-P4ssw0rd!";
    private static final String NAMESPACE = "myns.servicebus.windows.net";
    private static final OffsetDateTime EXPIRY = OffsetDateTime.of(2030, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    @AfterEach
    void forgetCredentials() {
        TokenCredentials.clear();
    }

    private static AuthSettings auth(String... keysAndValues) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("eventhubs.namespace", NAMESPACE);
        options.put("eventhubs.name", "telemetry");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return EventHubsOptions.parse(options).auth();
    }

    private static AuthSettings provider(Class<?> type, String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "eventhubs.credentialProvider";
        all[1] = type.getName();
        System.arraycopy(more, 0, all, 2, more.length);
        return auth(all);
    }

    private static AccessToken token(TokenCredential credential) {
        return credential.getTokenSync(new TokenRequestContext().addScopes(TokenCredentials.EVENT_HUBS_SCOPE));
    }

    @Test
    void servicePrincipalWithASecret() {
        TokenCredential credential = TokenCredentials.forSettings(auth(
                "eventhubs.tenantId",
                TENANT,
                "eventhubs.clientId",
                APP,
                "eventhubs.clientSecret",
                SECRET,
                "eventhubs.authorityHost",
                "https://login.microsoftonline.us/"));
        assertThat(credential).isInstanceOf(ClientSecretCredential.class);
    }

    @Test
    void servicePrincipalWithAPemOrPfxCertificate(@TempDir Path dir) throws IOException {
        Path pem = Files.write(dir.resolve("app.pem"), "not really a certificate".getBytes());
        Path pfx = Files.write(dir.resolve("app.pfx"), new byte[] {1, 2, 3});
        assertThat(TokenCredentials.forSettings(auth(
                        "eventhubs.tenantId",
                        TENANT,
                        "eventhubs.clientId",
                        APP,
                        "eventhubs.clientCertificatePath",
                        pem.toString())))
                .isInstanceOf(ClientCertificateCredential.class);
        assertThat(TokenCredentials.forSettings(auth(
                        "eventhubs.tenantId",
                        TENANT,
                        "eventhubs.clientId",
                        APP,
                        "eventhubs.clientCertificatePath",
                        pfx.toString(),
                        "eventhubs.clientCertificatePassword",
                        PASSWORD)))
                .isInstanceOf(ClientCertificateCredential.class);
        assertThat(TokenCredentials.isPfx("/x/App.P12")).isTrue();
        assertThat(TokenCredentials.isPfx("/x/app.pem")).isFalse();
    }

    @Test
    void managedIdentitySystemOrUserAssigned() {
        assertThat(TokenCredentials.forSettings(auth("eventhubs.auth", "managedIdentity")))
                .isInstanceOf(ManagedIdentityCredential.class);
        assertThat(TokenCredentials.forSettings(
                        auth("eventhubs.auth", "managedIdentity", "eventhubs.managedIdentityClientId", APP)))
                .isInstanceOf(ManagedIdentityCredential.class);
    }

    @Test
    void azureDefault() {
        assertThat(TokenCredentials.forSettings(auth("eventhubs.auth", "azureDefault", "eventhubs.tenantId", TENANT)))
                .isInstanceOf(DefaultAzureCredential.class);
    }

    @Test
    void workloadIdentityReadsTheWebhookVariables() {
        AuthSettings settings =
                auth("eventhubs.auth", "workloadIdentity", "eventhubs.tenantId", TENANT, "eventhubs.clientId", APP);
        if (System.getenv("AZURE_FEDERATED_TOKEN_FILE") != null) {
            assertThat(TokenCredentials.forSettings(settings)).isInstanceOf(WorkloadIdentityCredential.class);
        } else {
            assertThatThrownBy(() -> TokenCredentials.forSettings(settings))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("eventhubs.auth=workloadIdentity")
                    .hasMessageContaining("AZURE_FEDERATED_TOKEN_FILE");
        }
    }

    @Test
    void sasHasNoCredential() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "eventhubs.connectionString",
                "Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=k;"
                        + "SharedAccessKey=abc;EntityPath=telemetry");
        AuthSettings sas = EventHubsOptions.parse(options).auth();
        assertThatThrownBy(() -> TokenCredentials.forSettings(sas))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.auth=sas");
    }

    @Test
    void oneCredentialPerJvmAndSettings() {
        AuthSettings a = auth("eventhubs.auth", "managedIdentity");
        AuthSettings sameAgain = auth("eventhubs.auth", "managedIdentity");
        AuthSettings other = auth("eventhubs.auth", "managedIdentity", "eventhubs.managedIdentityClientId", APP);
        assertThat(TokenCredentials.forSettings(a)).isSameAs(TokenCredentials.forSettings(sameAgain));
        assertThat(TokenCredentials.forSettings(a)).isNotSameAs(TokenCredentials.forSettings(other));
        assertThat(a.credentialKey()).doesNotContain(APP);
    }

    // --- credentialProvider ---

    @Test
    void aProviderHandsOutTokensForTheEventHubsScope() {
        TokenCredential credential = TokenCredentials.forSettings(provider(FixedProvider.class));
        AccessToken token = token(credential);
        assertThat(token.getToken()).isEqualTo("jwt-for-" + TokenCredentials.EVENT_HUBS_SCOPE);
        assertThat(token.getExpiresAt()).isEqualTo(EXPIRY);
        assertThat(credential
                        .getToken(new TokenRequestContext().addScopes(TokenCredentials.EVENT_HUBS_SCOPE))
                        .block()
                        .getToken())
                .isEqualTo(token.getToken());
    }

    @Test
    void aProviderWithAMapConstructorGetsTheSignInAndItsOwnOptions() {
        TokenCredential credential = TokenCredentials.forSettings(provider(
                MapProvider.class, "eventhubs.tenantId", TENANT, "eventhubs.credentialProvider.vault", "my-vault"));
        assertThat(token(credential).getToken()).isEqualTo(TENANT + "|my-vault");
    }

    @Test
    void aTokenCredentialClassIsAcceptedAsIs() {
        assertThat(TokenCredentials.forSettings(provider(CredentialClass.class)))
                .isInstanceOf(CredentialClass.class);
    }

    @Test
    void aTokenCredentialIsCalledByReflectionWhenItIsNotOurs() throws Exception {
        ProviderTokenCredential.TokenSource source = ForeignTokenCredentials.source(
                new CredentialClass(), ForeignTokenCredentials.tokenCredentialInterface(CredentialClass.class));
        EventHubsToken token = source.token(TokenCredentials.EVENT_HUBS_SCOPE);
        assertThat(token.token()).isEqualTo("credential-token");
        assertThat(token.expiresAt()).isEqualTo(EXPIRY);
        assertThat(token.toString()).doesNotContain("credential-token");
    }

    @Test
    void aMissingClassNamesTheOptionAndTheClass() {
        assertThatThrownBy(() -> TokenCredentials.forSettings(auth("eventhubs.credentialProvider", "com.example.Nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.credentialProvider")
                .hasMessageContaining("com.example.Nope")
                .hasMessageContaining("cannot be loaded");
    }

    @Test
    void aClassWithoutAUsableConstructorIsRejected() {
        assertThatThrownBy(() -> TokenCredentials.forSettings(provider(NoUsableConstructor.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventhubs.credentialProvider")
                .hasMessageContaining(NoUsableConstructor.class.getName())
                .hasMessageContaining("no public constructor");
    }

    @Test
    void aClassOfTheWrongTypeIsRejected() {
        assertThatThrownBy(() -> TokenCredentials.forSettings(provider(NotAProvider.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotAProvider.class.getName())
                .hasMessageContaining(EventHubsTokenProvider.class.getName());
    }

    @Test
    void anAbstractOrHiddenClassIsRejected() {
        assertThatThrownBy(() -> TokenCredentials.forSettings(provider(AbstractProvider.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abstract");
        assertThatThrownBy(() -> TokenCredentials.forSettings(provider(HiddenProvider.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not public");
    }

    @Test
    void aFailingConstructorIsReportedWithoutItsSecretOptions() {
        assertThatThrownBy(() -> TokenCredentials.forSettings(
                        provider(FailingConstructor.class, "eventhubs.credentialProvider.password", PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("constructor failed")
                .hasMessageContaining("IllegalStateException")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aFailingProviderNamesItsClassAndTheMode() {
        TokenCredential credential = TokenCredentials.forSettings(provider(FailingProvider.class));
        assertThatThrownBy(() -> token(credential))
                .hasMessageContaining(FailingProvider.class.getName())
                .hasMessageContaining("eventhubs.auth=credentialProvider")
                .hasMessageContaining("no token today");
    }

    // --- test classes ---

    public static class FixedProvider implements EventHubsTokenProvider {
        @Override
        public EventHubsToken getToken(String scope) {
            return EventHubsToken.of("jwt-for-" + scope, EXPIRY.toInstant().toEpochMilli());
        }
    }

    public static class MapProvider implements EventHubsTokenProvider {
        private final Map<String, String> options;

        public MapProvider(Map<String, String> options) {
            this.options = options;
        }

        @Override
        public EventHubsToken getToken(String scope) {
            return EventHubsToken.of(
                    options.get("eventhubs.tenantId") + "|" + options.get("eventhubs.credentialProvider.vault"),
                    EXPIRY);
        }
    }

    public static class CredentialClass implements TokenCredential {
        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.just(new AccessToken("credential-token", EXPIRY));
        }
    }

    public static class NoUsableConstructor implements EventHubsTokenProvider {
        public NoUsableConstructor(String unused) {}

        @Override
        public EventHubsToken getToken(String scope) {
            return null;
        }
    }

    public static class NotAProvider {}

    public abstract static class AbstractProvider implements EventHubsTokenProvider {}

    static class HiddenProvider extends FixedProvider {}

    public static class FailingConstructor implements EventHubsTokenProvider {
        public FailingConstructor(Map<String, String> options) {
            throw new IllegalStateException("bad password " + options.get("eventhubs.credentialProvider.password"));
        }

        @Override
        public EventHubsToken getToken(String scope) {
            return null;
        }
    }

    public static class FailingProvider implements EventHubsTokenProvider {
        @Override
        public EventHubsToken getToken(String scope) throws Exception {
            throw new java.io.IOException("no token today");
        }
    }
}

package io.eventhubsnative.spark.config;

import static io.eventhubsnative.spark.config.AuthMode.AZURE_DEFAULT;
import static io.eventhubsnative.spark.config.AuthMode.CREDENTIAL_PROVIDER;
import static io.eventhubsnative.spark.config.AuthMode.MANAGED_IDENTITY;
import static io.eventhubsnative.spark.config.AuthMode.SAS;
import static io.eventhubsnative.spark.config.AuthMode.SERVICE_PRINCIPAL;
import static io.eventhubsnative.spark.config.AuthMode.WORKLOAD_IDENTITY;

import java.io.File;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The sign-in settings: the {@link AuthMode} and the Microsoft Entra ID settings it uses, as plain strings so
 * executors build their own credentials. Checked for consistency when parsed: each mode takes only the settings it
 * uses, so a forgotten or misplaced setting fails instead of being silently ignored.
 */
public final class AuthSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Which modes use each Entra ID setting; a setting given with any other mode is an error. */
    private static final Map<String, Set<AuthMode>> USED_BY = new LinkedHashMap<>();

    static {
        USED_BY.put(
                OptionKeys.TENANT_ID,
                EnumSet.of(SERVICE_PRINCIPAL, WORKLOAD_IDENTITY, AZURE_DEFAULT, CREDENTIAL_PROVIDER));
        USED_BY.put(OptionKeys.CLIENT_ID, EnumSet.of(SERVICE_PRINCIPAL, WORKLOAD_IDENTITY, CREDENTIAL_PROVIDER));
        USED_BY.put(OptionKeys.CLIENT_SECRET, EnumSet.of(SERVICE_PRINCIPAL));
        USED_BY.put(OptionKeys.CLIENT_CERTIFICATE_PATH, EnumSet.of(SERVICE_PRINCIPAL));
        USED_BY.put(OptionKeys.CLIENT_CERTIFICATE_PASSWORD, EnumSet.of(SERVICE_PRINCIPAL));
        USED_BY.put(
                OptionKeys.AUTHORITY_HOST,
                EnumSet.of(SERVICE_PRINCIPAL, WORKLOAD_IDENTITY, AZURE_DEFAULT, CREDENTIAL_PROVIDER));
        USED_BY.put(OptionKeys.MANAGED_IDENTITY_CLIENT_ID, EnumSet.of(MANAGED_IDENTITY, AZURE_DEFAULT));
        USED_BY.put(OptionKeys.CREDENTIAL_PROVIDER, EnumSet.of(CREDENTIAL_PROVIDER));
    }

    private final AuthMode mode;
    private final String tenantId;
    private final String clientId;
    private final String clientSecret;
    private final String clientCertificatePath;
    private final String clientCertificatePassword;
    private final String authorityHost;
    private final String managedIdentityClientId;
    private final String credentialProvider;
    /** The {@code eventhubs.credentialProvider.*} options, keys as the user wrote them; values may be secrets. */
    private final TreeMap<String, String> providerOptions;
    /** Whether the connection string targets the local emulator (plain AMQP): then Entra ID modes may use it. */
    private final boolean emulatorTransport;

    private AuthSettings(AuthMode mode, OptionReader options, boolean emulatorTransport) {
        this.mode = mode;
        this.tenantId = options.string(OptionKeys.TENANT_ID);
        this.clientId = options.string(OptionKeys.CLIENT_ID);
        this.clientSecret = options.string(OptionKeys.CLIENT_SECRET);
        this.clientCertificatePath = options.string(OptionKeys.CLIENT_CERTIFICATE_PATH);
        this.clientCertificatePassword = options.string(OptionKeys.CLIENT_CERTIFICATE_PASSWORD);
        this.authorityHost = options.string(OptionKeys.AUTHORITY_HOST);
        this.managedIdentityClientId = options.string(OptionKeys.MANAGED_IDENTITY_CLIENT_ID);
        this.credentialProvider = options.string(OptionKeys.CREDENTIAL_PROVIDER);
        this.providerOptions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : options.keys()) {
            if (OptionKeys.isCredentialProviderOption(key) && options.isSet(key)) {
                providerOptions.put(key, options.string(key));
            }
        }
        this.emulatorTransport = emulatorTransport;
    }

    /**
     * Reads and checks the sign-in settings. Without {@code eventhubs.auth} the mode is {@code sas} when a
     * connection string is given; else {@code credentialProvider} when a provider class is named, else
     * {@code servicePrincipal} when a client secret or certificate is given, else {@code azureDefault}.
     *
     * <p>A connection string with {@code UseDevelopmentEmulator=true} (a local endpoint, plain AMQP) may be combined
     * with an Entra ID mode, for testing: the connection string then only gives the endpoint and the client signs in
     * with the Entra ID credential (CBS {@code jwt} tokens). With such a connection string and a provider class named,
     * the mode is {@code credentialProvider}.
     */
    static AuthSettings parse(OptionReader options, boolean hasConnectionString, boolean emulator) {
        String explicit = options.string(OptionKeys.AUTH);
        AuthMode mode;
        String why;
        if (explicit != null) {
            mode = AuthMode.fromOptionValue(explicit);
            why = "";
            if (hasConnectionString && mode != SAS && !emulator) {
                throw new IllegalArgumentException("Options '" + OptionKeys.CONNECTION_STRING + "' and '"
                        + OptionKeys.AUTH
                        + "=" + mode + "' conflict: a connection string signs in with its SAS key. Either remove "
                        + OptionKeys.CONNECTION_STRING + " and name the namespace, e.g. .option(\""
                        + OptionKeys.NAMESPACE
                        + "\", \"myns.servicebus.windows.net\"), or remove " + OptionKeys.AUTH
                        + " to use the connection string."
                        + " (Only a local emulator's connection string, with UseDevelopmentEmulator=true, may be combined with "
                        + "Entra ID sign-in.)");
            }
        } else if (hasConnectionString && emulator && options.isSet(OptionKeys.CREDENTIAL_PROVIDER)) {
            mode = CREDENTIAL_PROVIDER;
            why = " (chosen because " + OptionKeys.CREDENTIAL_PROVIDER + " is set with a local emulator's "
                    + OptionKeys.CONNECTION_STRING + ")";
        } else if (hasConnectionString) {
            mode = SAS;
            why = " (chosen because " + OptionKeys.CONNECTION_STRING + " is set)";
        } else if (options.isSet(OptionKeys.CREDENTIAL_PROVIDER)) {
            mode = CREDENTIAL_PROVIDER;
            why = " (chosen because " + OptionKeys.CREDENTIAL_PROVIDER + " is set)";
        } else if (options.isSet(OptionKeys.CLIENT_SECRET) || options.isSet(OptionKeys.CLIENT_CERTIFICATE_PATH)) {
            mode = SERVICE_PRINCIPAL;
            why = " (chosen because "
                    + (options.isSet(OptionKeys.CLIENT_SECRET)
                            ? OptionKeys.CLIENT_SECRET
                            : OptionKeys.CLIENT_CERTIFICATE_PATH)
                    + " is set)";
        } else {
            mode = AZURE_DEFAULT;
            why = " (the default without " + OptionKeys.CONNECTION_STRING + ")";
        }
        AuthSettings settings = new AuthSettings(mode, options, hasConnectionString && emulator && mode != SAS);
        settings.validate(options, hasConnectionString, why);
        return settings;
    }

    private void validate(OptionReader options, boolean hasConnectionString, String why) {
        String modeText = OptionKeys.AUTH + "=" + mode + why;
        if (mode == SAS && !hasConnectionString) {
            throw new IllegalArgumentException(modeText + " needs option '" + OptionKeys.CONNECTION_STRING + "', e.g. "
                    + ".option(\"" + OptionKeys.CONNECTION_STRING + "\", \"" + ConnectionString.EXAMPLE + "\").");
        }
        if (mode == SERVICE_PRINCIPAL) {
            if (tenantId == null || clientId == null) {
                throw new IllegalArgumentException(modeText + " needs options '" + OptionKeys.TENANT_ID + "' and '"
                        + OptionKeys.CLIENT_ID + "' (the directory id and the application id of the app registration), "
                        + "missing: " + missing(options, OptionKeys.TENANT_ID, OptionKeys.CLIENT_ID)
                        + ". Example: .option(\""
                        + OptionKeys.TENANT_ID + "\", \"<tenant id>\").option(\"" + OptionKeys.CLIENT_ID
                        + "\", \"<application id>\").option(\"" + OptionKeys.CLIENT_SECRET
                        + "\", <secret from a secret store>)");
            }
            if (clientSecret == null && clientCertificatePath == null) {
                throw new IllegalArgumentException(modeText + " needs option '" + OptionKeys.CLIENT_SECRET + "' or '"
                        + OptionKeys.CLIENT_CERTIFICATE_PATH + "'. Example: .option(\"" + OptionKeys.CLIENT_SECRET
                        + "\", dbutils.secrets.get(\"scope\", \"sp-secret\"))");
            }
            if (clientSecret != null && clientCertificatePath != null) {
                throw new IllegalArgumentException("Options '" + OptionKeys.CLIENT_SECRET + "' and '"
                        + OptionKeys.CLIENT_CERTIFICATE_PATH
                        + "' conflict: a service principal signs in with a secret or with a "
                        + "certificate. Keep one of them.");
            }
            if (clientCertificatePassword != null && clientCertificatePath == null) {
                throw new IllegalArgumentException(
                        "Option '" + OptionKeys.CLIENT_CERTIFICATE_PASSWORD + "' is only used with '"
                                + OptionKeys.CLIENT_CERTIFICATE_PATH
                                + "' (the password of a PFX certificate). Remove it, or add e.g. "
                                + ".option(\"" + OptionKeys.CLIENT_CERTIFICATE_PATH + "\", \"/dbfs/certs/app.pfx\").");
            }
            if (clientCertificatePath != null && !new File(clientCertificatePath).isFile()) {
                throw new IllegalArgumentException("Option '" + OptionKeys.CLIENT_CERTIFICATE_PATH + "' names '"
                        + clientCertificatePath
                        + "', which is not a file on the driver. Give a local path that every node can "
                        + "read, e.g. .option(\"" + OptionKeys.CLIENT_CERTIFICATE_PATH
                        + "\", \"/dbfs/certs/app.pem\").");
            }
        }
        if (mode == CREDENTIAL_PROVIDER) {
            if (credentialProvider == null) {
                throw new IllegalArgumentException(modeText + " needs option '" + OptionKeys.CREDENTIAL_PROVIDER
                        + "', the class name of your token provider, e.g. .option(\"" + OptionKeys.CREDENTIAL_PROVIDER
                        + "\", \"com.example.MyTokenProvider\").");
            }
            if (!credentialProvider.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                throw new IllegalArgumentException(
                        "Option '" + OptionKeys.CREDENTIAL_PROVIDER + "' must be a fully qualified "
                                + "class name, but got '" + credentialProvider + "'. Example: .option(\""
                                + OptionKeys.CREDENTIAL_PROVIDER
                                + "\", \"com.example.MyTokenProvider\")");
            }
        }
        if (!providerOptions.isEmpty() && mode != CREDENTIAL_PROVIDER) {
            throw new IllegalArgumentException(
                    "Option '" + providerOptions.firstKey() + "' is not used with " + modeText
                            + ": options starting with '" + OptionKeys.CREDENTIAL_PROVIDER
                            + ".' are handed to the class named by '"
                            + OptionKeys.CREDENTIAL_PROVIDER + "'. Remove it, or set " + OptionKeys.AUTH + "="
                            + CREDENTIAL_PROVIDER
                            + ".");
        }
        for (Map.Entry<String, Set<AuthMode>> usage : USED_BY.entrySet()) {
            if (options.isSet(usage.getKey()) && !usage.getValue().contains(mode)) {
                throw new IllegalArgumentException(
                        "Option '" + usage.getKey() + "' is not used with " + modeText + ". Remove "
                                + "it, or choose the sign-in that uses it: " + OptionKeys.AUTH + "="
                                + modes(usage.getValue()) + "."
                                + hint(usage.getKey()));
            }
        }
        if (authorityHost != null) {
            URI uri = null;
            try {
                uri = new URI(authorityHost);
            } catch (URISyntaxException e) {
                // reported below
            }
            if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "Option '" + OptionKeys.AUTHORITY_HOST + "' must be an https URL, but got '"
                                + authorityHost + "'. Example: .option(\"" + OptionKeys.AUTHORITY_HOST
                                + "\", \"https://login.microsoftonline.us/\") for Azure Government.");
            }
        }
    }

    private String hint(String key) {
        if (key.equals(OptionKeys.CLIENT_ID) && (mode == MANAGED_IDENTITY || mode == AZURE_DEFAULT)) {
            return " For a user-assigned managed identity use " + OptionKeys.MANAGED_IDENTITY_CLIENT_ID + ".";
        }
        if (key.equals(OptionKeys.CREDENTIAL_PROVIDER)) {
            return " Or remove " + OptionKeys.AUTH + " to use the provider.";
        }
        return "";
    }

    private static String missing(OptionReader options, String... keys) {
        List<String> absent = new ArrayList<>();
        for (String key : keys) {
            if (!options.isSet(key)) {
                absent.add(key);
            }
        }
        return String.join(", ", absent);
    }

    private static String modes(Set<AuthMode> modes) {
        List<String> names = new ArrayList<>();
        for (AuthMode m : modes) {
            names.add(m.optionValue());
        }
        return String.join(" or ", names);
    }

    public AuthMode mode() {
        return mode;
    }

    /** The directory (tenant) id, or null. */
    public String tenantId() {
        return tenantId;
    }

    /** The application (client) id of the app registration or workload identity, or null. */
    public String clientId() {
        return clientId;
    }

    /** The client secret (a secret), or null. */
    public String clientSecret() {
        return clientSecret;
    }

    /** The path of a PEM or PFX certificate, or null. */
    public String clientCertificatePath() {
        return clientCertificatePath;
    }

    /** The PFX password (a secret), or null. */
    public String clientCertificatePassword() {
        return clientCertificatePassword;
    }

    /** The Entra ID authority host, or null for the public cloud default. */
    public String authorityHost() {
        return authorityHost;
    }

    /** The client id of a user-assigned managed identity, or null for the system-assigned one. */
    public String managedIdentityClientId() {
        return managedIdentityClientId;
    }

    /** The class name of the user's token provider, or null. */
    public String credentialProvider() {
        return credentialProvider;
    }

    /**
     * The {@code eventhubs.credentialProvider.*} options (keys as written, looked up case-insensitively), for the
     * provider's constructor. Values may be secrets.
     */
    public SortedMap<String, String> providerOptions() {
        return java.util.Collections.unmodifiableSortedMap(providerOptions);
    }

    /**
     * Whether an Entra ID mode is used over a local emulator's connection string ({@code UseDevelopmentEmulator=true}):
     * the client connects as the connection string says and signs in with the Entra ID credential.
     */
    public boolean emulatorTransport() {
        return emulatorTransport;
    }

    /** Everything that identifies the credential, secrets included: input to a hash, never shown. */
    String identityMaterial() {
        StringBuilder provider = new StringBuilder();
        for (Map.Entry<String, String> option : providerOptions.entrySet()) {
            provider.append(option.getKey().toLowerCase(java.util.Locale.ROOT))
                    .append('\u0001')
                    .append(option.getValue())
                    .append('\u0001');
        }
        return String.join(
                "\u0000",
                String.valueOf(mode),
                String.valueOf(tenantId),
                String.valueOf(clientId),
                String.valueOf(clientSecret),
                String.valueOf(clientCertificatePath),
                String.valueOf(clientCertificatePassword),
                String.valueOf(authorityHost),
                String.valueOf(managedIdentityClientId),
                String.valueOf(credentialProvider),
                provider.toString());
    }

    /**
     * A key for caching this JVM's credential: equal for equal settings, a SHA-256 hash of them (secrets included), so
     * it shows nothing secret.
     */
    public String credentialKey() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(identityMaterial().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(mode.optionValue()).append('#');
            for (int i = 0; i < 16; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The settings with every secret shown as {@code ***}; unset settings are left out. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("auth=").append(mode);
        append(sb, "tenantId", tenantId);
        append(sb, "clientId", clientId);
        append(sb, "clientSecret", clientSecret == null ? null : "***");
        append(sb, "clientCertificatePath", clientCertificatePath);
        append(sb, "clientCertificatePassword", clientCertificatePassword == null ? null : "***");
        append(sb, "authorityHost", authorityHost);
        append(sb, "managedIdentityClientId", managedIdentityClientId);
        append(sb, "credentialProvider", credentialProvider);
        if (!providerOptions.isEmpty()) {
            // Values may be secrets: keys only.
            append(sb, "credentialProviderOptions", providerOptions.keySet().toString());
        }
        if (emulatorTransport) {
            append(sb, "transport", "emulator connection string");
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(", ").append(name).append('=').append(value);
        }
    }
}

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
    USED_BY.put(OptionKeys.TENANT_ID, EnumSet.of(SERVICE_PRINCIPAL, WORKLOAD_IDENTITY, AZURE_DEFAULT,
        CREDENTIAL_PROVIDER));
    USED_BY.put(OptionKeys.CLIENT_ID, EnumSet.of(SERVICE_PRINCIPAL, WORKLOAD_IDENTITY, CREDENTIAL_PROVIDER));
    USED_BY.put(OptionKeys.CLIENT_SECRET, EnumSet.of(SERVICE_PRINCIPAL));
    USED_BY.put(OptionKeys.CLIENT_CERTIFICATE_PATH, EnumSet.of(SERVICE_PRINCIPAL));
    USED_BY.put(OptionKeys.CLIENT_CERTIFICATE_PASSWORD, EnumSet.of(SERVICE_PRINCIPAL));
    USED_BY.put(OptionKeys.AUTHORITY_HOST, EnumSet.of(SERVICE_PRINCIPAL, WORKLOAD_IDENTITY, AZURE_DEFAULT,
        CREDENTIAL_PROVIDER));
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

  private AuthSettings(AuthMode mode, OptionReader options) {
    this.mode = mode;
    this.tenantId = options.string(OptionKeys.TENANT_ID);
    this.clientId = options.string(OptionKeys.CLIENT_ID);
    this.clientSecret = options.string(OptionKeys.CLIENT_SECRET);
    this.clientCertificatePath = options.string(OptionKeys.CLIENT_CERTIFICATE_PATH);
    this.clientCertificatePassword = options.string(OptionKeys.CLIENT_CERTIFICATE_PASSWORD);
    this.authorityHost = options.string(OptionKeys.AUTHORITY_HOST);
    this.managedIdentityClientId = options.string(OptionKeys.MANAGED_IDENTITY_CLIENT_ID);
    this.credentialProvider = options.string(OptionKeys.CREDENTIAL_PROVIDER);
  }

  /**
   * Reads and checks the sign-in settings. Without {@code eventhubs.auth} the mode is {@code sas} when a
   * connection string is given; else {@code credentialProvider} when a provider class is named, else
   * {@code servicePrincipal} when a client secret or certificate is given, else {@code azureDefault}.
   */
  static AuthSettings parse(OptionReader options, boolean hasConnectionString) {
    String explicit = options.string(OptionKeys.AUTH);
    AuthMode mode;
    String why;
    if (explicit != null) {
      mode = AuthMode.fromOptionValue(explicit);
      why = "";
      if (hasConnectionString && mode != SAS) {
        throw new IllegalArgumentException("Options '" + OptionKeys.CONNECTION_STRING + "' and '" + OptionKeys.AUTH
            + "=" + mode + "' conflict: a connection string signs in with its SAS key. Either remove "
            + OptionKeys.CONNECTION_STRING + " and name the namespace, e.g. .option(\"" + OptionKeys.NAMESPACE
            + "\", \"myns.servicebus.windows.net\"), or remove " + OptionKeys.AUTH + " to use the connection string.");
      }
    } else if (hasConnectionString) {
      mode = SAS;
      why = " (chosen because " + OptionKeys.CONNECTION_STRING + " is set)";
    } else if (options.isSet(OptionKeys.CREDENTIAL_PROVIDER)) {
      mode = CREDENTIAL_PROVIDER;
      why = " (chosen because " + OptionKeys.CREDENTIAL_PROVIDER + " is set)";
    } else if (options.isSet(OptionKeys.CLIENT_SECRET) || options.isSet(OptionKeys.CLIENT_CERTIFICATE_PATH)) {
      mode = SERVICE_PRINCIPAL;
      why = " (chosen because " + (options.isSet(OptionKeys.CLIENT_SECRET) ? OptionKeys.CLIENT_SECRET
          : OptionKeys.CLIENT_CERTIFICATE_PATH) + " is set)";
    } else {
      mode = AZURE_DEFAULT;
      why = " (the default without " + OptionKeys.CONNECTION_STRING + ")";
    }
    AuthSettings settings = new AuthSettings(mode, options);
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
            + "missing: " + missing(options, OptionKeys.TENANT_ID, OptionKeys.CLIENT_ID) + ". Example: .option(\""
            + OptionKeys.TENANT_ID + "\", \"<tenant id>\").option(\"" + OptionKeys.CLIENT_ID
            + "\", \"<application id>\").option(\"" + OptionKeys.CLIENT_SECRET + "\", <secret from a secret store>)");
      }
      if (clientSecret == null && clientCertificatePath == null) {
        throw new IllegalArgumentException(modeText + " needs option '" + OptionKeys.CLIENT_SECRET + "' or '"
            + OptionKeys.CLIENT_CERTIFICATE_PATH + "'. Example: .option(\"" + OptionKeys.CLIENT_SECRET
            + "\", dbutils.secrets.get(\"scope\", \"sp-secret\"))");
      }
      if (clientSecret != null && clientCertificatePath != null) {
        throw new IllegalArgumentException("Options '" + OptionKeys.CLIENT_SECRET + "' and '"
            + OptionKeys.CLIENT_CERTIFICATE_PATH + "' conflict: a service principal signs in with a secret or with a "
            + "certificate. Keep one of them.");
      }
      if (clientCertificatePassword != null && clientCertificatePath == null) {
        throw new IllegalArgumentException("Option '" + OptionKeys.CLIENT_CERTIFICATE_PASSWORD + "' is only used with '"
            + OptionKeys.CLIENT_CERTIFICATE_PATH + "' (the password of a PFX certificate). Remove it, or add e.g. "
            + ".option(\"" + OptionKeys.CLIENT_CERTIFICATE_PATH + "\", \"/dbfs/certs/app.pfx\").");
      }
      if (clientCertificatePath != null && !new File(clientCertificatePath).isFile()) {
        throw new IllegalArgumentException("Option '" + OptionKeys.CLIENT_CERTIFICATE_PATH + "' names '"
            + clientCertificatePath + "', which is not a file on the driver. Give a local path that every node can "
            + "read, e.g. .option(\"" + OptionKeys.CLIENT_CERTIFICATE_PATH + "\", \"/dbfs/certs/app.pem\").");
      }
    }
    if (mode == CREDENTIAL_PROVIDER) {
      if (credentialProvider == null) {
        throw new IllegalArgumentException(modeText + " needs option '" + OptionKeys.CREDENTIAL_PROVIDER
            + "', the class name of your token provider, e.g. .option(\"" + OptionKeys.CREDENTIAL_PROVIDER
            + "\", \"com.example.MyTokenProvider\").");
      }
      if (!credentialProvider.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
        throw new IllegalArgumentException("Option '" + OptionKeys.CREDENTIAL_PROVIDER + "' must be a fully qualified "
            + "class name, but got '" + credentialProvider + "'. Example: .option(\"" + OptionKeys.CREDENTIAL_PROVIDER
            + "\", \"com.example.MyTokenProvider\")");
      }
    }
    for (Map.Entry<String, Set<AuthMode>> usage : USED_BY.entrySet()) {
      if (options.isSet(usage.getKey()) && !usage.getValue().contains(mode)) {
        throw new IllegalArgumentException("Option '" + usage.getKey() + "' is not used with " + modeText + ". Remove "
            + "it, or choose the sign-in that uses it: " + OptionKeys.AUTH + "=" + modes(usage.getValue()) + "."
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
        throw new IllegalArgumentException("Option '" + OptionKeys.AUTHORITY_HOST + "' must be an https URL, but got '"
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

  /** Everything that identifies the credential, secrets included: input to a hash, never shown. */
  String identityMaterial() {
    return String.join("\u0000", String.valueOf(mode), String.valueOf(tenantId), String.valueOf(clientId),
        String.valueOf(clientSecret), String.valueOf(clientCertificatePath), String.valueOf(clientCertificatePassword),
        String.valueOf(authorityHost), String.valueOf(managedIdentityClientId), String.valueOf(credentialProvider));
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
    return sb.toString();
  }

  private static void append(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(", ").append(name).append('=').append(value);
    }
  }
}

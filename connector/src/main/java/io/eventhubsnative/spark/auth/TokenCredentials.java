package io.eventhubsnative.spark.auth;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.eventhubsnative.spark.config.AuthMode;
import io.eventhubsnative.spark.config.AuthSettings;
import io.eventhubsnative.spark.config.OptionKeys;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Microsoft Entra ID credential of each sign-in mode, built in the JVM that uses it (driver or executor) from the
 * plain string settings of {@link AuthSettings}: credential objects are never serialized. One credential per JVM and
 * settings, so its token cache is shared by every client of the JVM.
 *
 * <p>Every failure is an {@link IllegalArgumentException} that names the sign-in mode and the option to check, and
 * shows no secret.
 */
public final class TokenCredentials {

    /** The scope of Event Hubs tokens (AMQP and management). */
    public static final String EVENT_HUBS_SCOPE = "https://eventhubs.azure.net/.default";

    static final String PROVIDER_OPTION = OptionKeys.CREDENTIAL_PROVIDER;

    private static final ConcurrentMap<String, TokenCredential> CREDENTIALS = new ConcurrentHashMap<>();

    private TokenCredentials() {}

    /**
     * This JVM's credential for {@code auth}, built on first use.
     *
     * @throws IllegalArgumentException when the mode is {@code sas} or the credential cannot be built
     */
    public static TokenCredential forSettings(AuthSettings auth) {
        if (!auth.mode().isEntraId()) {
            throw new IllegalArgumentException("eventhubs.auth=" + auth.mode()
                    + " signs in with the connection string's " + "SAS key, not with a Microsoft Entra ID credential.");
        }
        return CREDENTIALS.computeIfAbsent(auth.credentialKey(), key -> create(auth));
    }

    /** Forgets every cached credential (tests). */
    static void clear() {
        CREDENTIALS.clear();
    }

    /** A new credential for {@code auth}; see {@link #forSettings}. */
    static TokenCredential create(AuthSettings auth) {
        AuthMode mode = auth.mode();
        if (mode == AuthMode.CREDENTIAL_PROVIDER) {
            return fromProvider(auth);
        }
        try {
            switch (mode) {
                case SERVICE_PRINCIPAL:
                    return servicePrincipal(auth);
                case MANAGED_IDENTITY:
                    return managedIdentity(auth);
                case WORKLOAD_IDENTITY:
                    return workloadIdentity(auth);
                case AZURE_DEFAULT:
                    return azureDefault(auth);
                default:
                    throw new IllegalArgumentException("eventhubs.auth=" + mode + " has no Entra ID credential.");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Could not set up the Microsoft Entra ID credential of eventhubs.auth=" + mode + " (" + hint(mode)
                            + "): " + redact(String.valueOf(e.getMessage()), auth),
                    null);
        }
    }

    private static TokenCredential servicePrincipal(AuthSettings auth) {
        if (auth.clientSecret() != null) {
            ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
                    .tenantId(auth.tenantId())
                    .clientId(auth.clientId())
                    .clientSecret(auth.clientSecret());
            if (auth.authorityHost() != null) {
                builder.authorityHost(auth.authorityHost());
            }
            return builder.build();
        }
        ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
                .tenantId(auth.tenantId())
                .clientId(auth.clientId());
        String path = auth.clientCertificatePath();
        if (isPfx(path)) {
            builder.pfxCertificate(path);
            if (auth.clientCertificatePassword() != null) {
                builder.clientCertificatePassword(auth.clientCertificatePassword());
            }
        } else {
            builder.pemCertificate(path);
        }
        if (auth.authorityHost() != null) {
            builder.authorityHost(auth.authorityHost());
        }
        return builder.build();
    }

    /** PFX (PKCS#12) by extension, or when a password is given; else PEM. */
    static boolean isPfx(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".pfx") || lower.endsWith(".p12");
    }

    private static TokenCredential managedIdentity(AuthSettings auth) {
        ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
        if (auth.managedIdentityClientId() != null) {
            builder.clientId(auth.managedIdentityClientId());
        }
        return builder.build();
    }

    /** Tenant, client id and token file come from the AKS webhook's AZURE_* variables unless set as options. */
    private static TokenCredential workloadIdentity(AuthSettings auth) {
        WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder();
        if (auth.tenantId() != null) {
            builder.tenantId(auth.tenantId());
        }
        if (auth.clientId() != null) {
            builder.clientId(auth.clientId());
        }
        if (auth.authorityHost() != null) {
            builder.authorityHost(auth.authorityHost());
        }
        return builder.build();
    }

    private static TokenCredential azureDefault(AuthSettings auth) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        if (auth.tenantId() != null) {
            builder.tenantId(auth.tenantId());
        }
        if (auth.managedIdentityClientId() != null) {
            builder.managedIdentityClientId(auth.managedIdentityClientId());
        }
        if (auth.authorityHost() != null) {
            builder.authorityHost(auth.authorityHost());
        }
        return builder.build();
    }

    private static String hint(AuthMode mode) {
        switch (mode) {
            case SERVICE_PRINCIPAL:
                return "check " + OptionKeys.TENANT_ID + ", " + OptionKeys.CLIENT_ID + " and "
                        + OptionKeys.CLIENT_SECRET + " or " + OptionKeys.CLIENT_CERTIFICATE_PATH;
            case MANAGED_IDENTITY:
                return "check " + OptionKeys.MANAGED_IDENTITY_CLIENT_ID;
            case WORKLOAD_IDENTITY:
                return "it needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE in the environment of every "
                        + "node (set by the AKS workload identity webhook), or " + OptionKeys.TENANT_ID + " and "
                        + OptionKeys.CLIENT_ID;
            default:
                return "check the Entra ID options";
        }
    }

    /** {@code text} with every secret of {@code auth} replaced by {@code ***}. */
    private static String redact(String text, AuthSettings auth) {
        String result = text;
        for (String secret : new String[] {auth.clientSecret(), auth.clientCertificatePassword()}) {
            if (secret != null && !secret.isEmpty()) {
                result = result.replace(secret, "***");
            }
        }
        for (String value : auth.providerOptions().values()) {
            if (value.length() >= 4) {
                result = result.replace(value, "***");
            }
        }
        return result;
    }

    /**
     * The user's class named by {@code eventhubs.credentialProvider}, loaded with the thread's context class loader: an
     * {@link EventHubsTokenProvider}, or an azure-core {@code TokenCredential} (ours or the runtime's own).
     */
    private static TokenCredential fromProvider(AuthSettings auth) {
        String name = auth.credentialProvider();
        String where =
                "Option '" + PROVIDER_OPTION + "' (eventhubs.auth=credentialProvider) names class '" + name + "'";
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = TokenCredentials.class.getClassLoader();
        }
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    where + ", which cannot be loaded on this node ("
                            + e.getClass().getSimpleName()
                            + "). Add the jar that holds it to the cluster (a cluster library, or spark.jars) so the driver and every "
                            + "executor have it, and check the spelling of the class name.",
                    null);
        }
        Class<?> foreign = null;
        boolean ours =
                EventHubsTokenProvider.class.isAssignableFrom(type) || TokenCredential.class.isAssignableFrom(type);
        if (!ours) {
            foreign = ForeignTokenCredentials.tokenCredentialInterface(type);
            if (foreign == null) {
                throw new IllegalArgumentException(
                        where + ", which implements neither " + EventHubsTokenProvider.class.getName()
                                + " nor " + ForeignTokenCredentials.TOKEN_CREDENTIAL + ". Implement "
                                + EventHubsTokenProvider.class.getName()
                                + " (getToken(scope) returning the token text and its expiry).");
            }
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            throw new IllegalArgumentException(where + ", which is "
                    + (type.isInterface()
                            ? "an interface"
                            : Modifier.isAbstract(type.getModifiers()) ? "abstract" : "not public")
                    + ": it must be a public, concrete "
                    + "class with a public constructor taking no argument or a java.util.Map<String, String>.");
        }
        Object instance = instantiate(type, where, auth);
        if (instance instanceof TokenCredential) {
            return (TokenCredential) instance;
        }
        if (instance instanceof EventHubsTokenProvider) {
            return ProviderTokenCredential.of((EventHubsTokenProvider) instance);
        }
        try {
            return new ProviderTokenCredential(name, ForeignTokenCredentials.source(instance, foreign));
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    where + ", a " + ForeignTokenCredentials.TOKEN_CREDENTIAL + " whose "
                            + "azure-core could not be called (" + e.getClass().getName() + ": " + e.getMessage()
                            + "). Implement "
                            + EventHubsTokenProvider.class.getName() + " instead.",
                    null);
        }
    }

    private static Object instantiate(Class<?> type, String where, AuthSettings auth) {
        Constructor<?> withOptions = null;
        Constructor<?> noArgs = null;
        for (Constructor<?> constructor : type.getConstructors()) {
            Class<?>[] parameters = constructor.getParameterTypes();
            if (parameters.length == 1 && parameters[0] == Map.class) {
                withOptions = constructor;
            } else if (parameters.length == 0) {
                noArgs = constructor;
            }
        }
        if (withOptions == null && noArgs == null) {
            throw new IllegalArgumentException(where + ", which has no public constructor taking no argument or a "
                    + "java.util.Map<String, String> (the sign-in options and the " + PROVIDER_OPTION
                    + ".* options). Add one.");
        }
        try {
            return withOptions != null ? withOptions.newInstance(providerArguments(auth)) : noArgs.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(
                    where + ", whose constructor failed: " + cause.getClass().getName()
                            + (cause.getMessage() == null ? "" : ": " + redact(cause.getMessage(), auth)),
                    null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(
                    where + ", which could not be created: " + e.getClass().getName(), null);
        }
    }

    /** What a provider's {@code Map} constructor gets: the non-secret sign-in options and its own options. */
    static Map<String, String> providerArguments(AuthSettings auth) {
        Map<String, String> arguments = new LinkedHashMap<>();
        putIfSet(arguments, OptionKeys.TENANT_ID, auth.tenantId());
        putIfSet(arguments, OptionKeys.CLIENT_ID, auth.clientId());
        putIfSet(arguments, OptionKeys.AUTHORITY_HOST, auth.authorityHost());
        arguments.putAll(auth.providerOptions());
        return Collections.unmodifiableMap(arguments);
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

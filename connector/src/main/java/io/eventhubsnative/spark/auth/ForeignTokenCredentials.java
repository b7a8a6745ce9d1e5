package io.eventhubsnative.spark.auth;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Adapts a {@code TokenCredential} of an azure-core other than the one the connector bundles: the shaded jar relocates
 * azure-core, so a class implementing the runtime's own {@code com.azure.core.credential.TokenCredential} (a
 * Databricks service credential provider, for one) is not ours. It is called by reflection, through that azure-core.
 * The class names are assembled at run time so that shading does not relocate them.
 */
final class ForeignTokenCredentials {

    /** {@code com.azure.core.credential}, as the user's azure-core names it (never relocated). */
    private static final String CORE_CREDENTIAL_PACKAGE = String.join(".", "com", "azure", "core", "credential");

    static final String TOKEN_CREDENTIAL = CORE_CREDENTIAL_PACKAGE + "." + "TokenCredential";
    private static final String TOKEN_REQUEST_CONTEXT = CORE_CREDENTIAL_PACKAGE + "." + "TokenRequestContext";
    private static final String ACCESS_TOKEN = CORE_CREDENTIAL_PACKAGE + "." + "AccessToken";
    private static final String MONO = String.join(".", "reactor", "core", "publisher", "Mono");
    /** The longest wait for a token from a credential that only offers the asynchronous call. */
    private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(2);

    private ForeignTokenCredentials() {}

    /** The azure-core {@code TokenCredential} interface {@code type} implements (any class loader), or null. */
    static Class<?> tokenCredentialInterface(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> implemented : c.getInterfaces()) {
                Class<?> found = find(implemented);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Class<?> find(Class<?> type) {
        if (type.getName().equals(TOKEN_CREDENTIAL)) {
            return type;
        }
        for (Class<?> parent : type.getInterfaces()) {
            Class<?> found = find(parent);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A token source calling {@code credential}, an instance of the foreign {@code tokenCredential} interface. */
    static ProviderTokenCredential.TokenSource source(Object credential, Class<?> tokenCredential) throws Exception {
        ClassLoader loader = tokenCredential.getClassLoader();
        Class<?> contextType = Class.forName(TOKEN_REQUEST_CONTEXT, false, loader);
        Class<?> accessTokenType = Class.forName(ACCESS_TOKEN, false, loader);
        Method addScopes = contextType.getMethod("addScopes", String[].class);
        Method getTokenText = accessTokenType.getMethod("getToken");
        Method getExpiresAt = accessTokenType.getMethod("getExpiresAt");
        Method sync = null;
        try {
            sync = tokenCredential.getMethod("getTokenSync", contextType);
        } catch (NoSuchMethodException e) {
            // azure-core before 1.34: only the asynchronous call
        }
        Method async = tokenCredential.getMethod("getToken", contextType);
        Method syncCall = sync;
        return scope -> {
            Object context = contextType.getConstructor().newInstance();
            addScopes.invoke(context, (Object) new String[] {scope});
            Object accessToken;
            try {
                if (syncCall != null) {
                    accessToken = syncCall.invoke(credential, context);
                } else {
                    Object mono = async.invoke(credential, context);
                    Method block = Class.forName(MONO, false, mono.getClass().getClassLoader())
                            .getMethod("block", Duration.class);
                    accessToken = block.invoke(mono, BLOCK_TIMEOUT);
                }
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof Exception ? (Exception) cause : e;
            }
            if (accessToken == null) {
                return null;
            }
            return EventHubsToken.of(
                    (String) getTokenText.invoke(accessToken), (OffsetDateTime) getExpiresAt.invoke(accessToken));
        };
    }
}

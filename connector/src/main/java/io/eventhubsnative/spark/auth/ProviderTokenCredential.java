package io.eventhubsnative.spark.auth;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link TokenCredential} over a token source that does not speak azure-core: an {@link EventHubsTokenProvider}, or
 * a {@code TokenCredential} of another (unshaded) azure-core reached by reflection. The source may block, so it is
 * called on Reactor's bounded-elastic threads.
 */
final class ProviderTokenCredential implements TokenCredential {

    /** Hands out one token for a scope; may block. */
    interface TokenSource {
        EventHubsToken token(String scope) throws Exception;
    }

    private final String className;
    private final TokenSource source;

    ProviderTokenCredential(String className, TokenSource source) {
        this.className = className;
        this.source = source;
    }

    static ProviderTokenCredential of(EventHubsTokenProvider provider) {
        return new ProviderTokenCredential(provider.getClass().getName(), provider::getToken);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        String scope = scope(request);
        EventHubsToken token;
        try {
            token = source.token(scope);
        } catch (RuntimeException e) {
            throw failure(e);
        } catch (Exception e) {
            throw failure(e);
        }
        if (token == null) {
            throw new IllegalStateException("The token provider " + className + " (option "
                    + TokenCredentials.PROVIDER_OPTION
                    + ", eventhubs.auth=credentialProvider) returned no token for scope "
                    + scope + ".");
        }
        return new AccessToken(token.token(), token.expiresAt());
    }

    private IllegalStateException failure(Exception e) {
        return new IllegalStateException(
                "The token provider " + className + " (option "
                        + TokenCredentials.PROVIDER_OPTION
                        + ", eventhubs.auth=credentialProvider) failed to hand out a token: "
                        + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                e);
    }

    private static String scope(TokenRequestContext request) {
        List<String> scopes = request == null ? null : request.getScopes();
        return scopes == null || scopes.isEmpty() ? TokenCredentials.EVENT_HUBS_SCOPE : scopes.get(0);
    }

    /** For messages: the class, never a token. */
    @Override
    public String toString() {
        return "ProviderTokenCredential{" + className + "}";
    }
}

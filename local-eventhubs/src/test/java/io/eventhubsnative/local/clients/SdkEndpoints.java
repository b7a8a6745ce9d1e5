package io.eventhubsnative.local.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventhubsnative.local.LocalEventHubs;

/** What the tests of the other languages' SDKs share: the hubs their scripts use, and the check of a JWT sign-in. */
final class SdkEndpoints {

    private SdkEndpoints() {}

    /** The hubs every script uses, named after its language ({@code go-props}, ...): properties, sends, keys, ... */
    static LocalEventHubs.Builder hubs(String language) {
        return LocalEventHubs.builder()
                .hub(language + "-props", 3)
                .hub(language + "-send", 2)
                .hub(language + "-key", 3)
                .hub(language + "-positions", 1)
                .hub(language + "-epoch", 1);
    }

    /** The client signed in to {@code hub} with a JWT from its token credential, not with a SAS token. */
    static void assertSignedInWithJwt(LocalEventHubs endpoint, String hub) {
        assertThat(endpoint.counters().putTokens())
                .as("put-tokens on the endpoint")
                .isNotEmpty()
                .allSatisfy(token -> assertThat(token.type()).isEqualTo("jwt"))
                .anySatisfy(token -> assertThat(token.audience()).contains(hub));
    }
}

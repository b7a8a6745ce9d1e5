package io.eventhubsnative.local;

/** Decides whether a `jwt` put-token is accepted; the default accepts every token and only records it. */
@FunctionalInterface
public interface JwtValidator {

    JwtValidator ACCEPT_ALL = (token, audience) -> true;

    boolean accept(String token, String audience);
}

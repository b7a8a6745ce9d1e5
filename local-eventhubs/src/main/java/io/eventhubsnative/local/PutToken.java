package io.eventhubsnative.local;

import java.time.Instant;

/** A `$cbs` put-token the endpoint received: its type (`jwt` or `servicebus.windows.net:sastoken`), audience and expiry. */
public record PutToken(String type, String audience, Instant expiresAt, boolean accepted) {

    public static final String JWT = "jwt";
    public static final String SAS = "servicebus.windows.net:sastoken";
}

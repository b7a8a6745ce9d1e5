package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.Counters;
import io.eventhubsnative.local.JwtValidator;
import io.eventhubsnative.local.store.EventStore;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the AMQP layer needs from the endpoint: the events, the SAS keys by name, the JWT hook, the counters, the
 * management faults, the largest event or batch accepted, and TLS: required ({@code tls}, as the service's 5671), or
 * on demand when a client opens with a TLS handshake on the plain port ({@code tlsOnDemand}, as the SDKs do for
 * WebSockets even against an emulator), and the quota's throttle ({@code throttle}, which lets everything through while there is no quota).
 */
public record ServerSettings(
        EventStore store,
        Map<String, String> sasKeys,
        Supplier<JwtValidator> jwtValidator,
        Counters counters,
        ManagementFaults managementFaults,
        int maxMessageSize,
        javax.net.ssl.SSLContext tls,
        Supplier<javax.net.ssl.SSLContext> tlsOnDemand,
        Throttle throttle) {

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

    /** Whether connections speak TLS (AMQPS, as the service on port 5671) instead of plain AMQP. */
    public boolean usesTls() {
        return tls != null;
    }
}

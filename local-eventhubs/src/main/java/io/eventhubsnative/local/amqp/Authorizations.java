package io.eventhubsnative.local.amqp;

import java.util.HashMap;
import java.util.Map;

/** The token grants a connection holds, by audience path; a link is allowed while a covering grant is unexpired. */
final class Authorizations {

    private final Map<String, Long> expiryByPath = new HashMap<>();

    void grant(String path, long expiresAtMillis) {
        expiryByPath.merge(path, expiresAtMillis, Math::max);
    }

    boolean allows(String path, long nowMillis) {
        for (Map.Entry<String, Long> grant : expiryByPath.entrySet()) {
            if (grant.getValue() > nowMillis && SasTokens.covers(grant.getKey(), path)) {
                return true;
            }
        }
        return false;
    }
}

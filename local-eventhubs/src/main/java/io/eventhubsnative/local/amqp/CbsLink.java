package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.PutToken;
import io.eventhubsnative.local.store.Hub;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/**
 * Claims-based security: {@code put-token} requests on {@code $cbs}. SAS tokens are verified against the
 * namespace's keys; JWTs go to the test hook. A granted audience lets the connection attach links under it until
 * the token expires.
 */
final class CbsLink implements LinkHandler {

    private final AmqpConnection connection;
    private final Receiver receiver;

    CbsLink(AmqpConnection connection, Receiver receiver) {
        this.connection = connection;
        this.receiver = receiver;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        Message request = RequestLinks.read(connection, receiver, delivery);
        if (request == null) {
            return;
        }
        Map<String, Object> props = RequestLinks.properties(request);
        String type = String.valueOf(props.get("type"));
        String audience = String.valueOf(props.get("name"));
        Object expiration = props.get("expiration");
        String token = request.getBody() instanceof AmqpValue value ? String.valueOf(value.getValue()) : null;
        long now = System.currentTimeMillis();
        long expiresAt = expiration instanceof Date date ? date.getTime() : now + 3_600_000L;

        if (!"put-token".equals(props.get("operation"))) {
            connection.reply(
                    request, 400, "The operation '" + props.get("operation") + "' is not supported on $cbs.", null);
            return;
        }
        String audiencePath = SasTokens.pathOf(audience);
        int status = 202;
        String description = "Accepted";
        if (PutToken.SAS.equals(type)) {
            try {
                SasTokens.Grant grant = connection.server().sasTokens().verify(token, now);
                if (!SasTokens.covers(grant.resourcePath(), audiencePath)) {
                    status = 401;
                    description = "InvalidAudience: The token's resource '" + grant.resourcePath()
                            + "' does not cover the audience '" + audience + "'.";
                }
                expiresAt = Math.min(expiresAt, grant.expiresAtMillis());
            } catch (SasTokens.Refused refused) {
                status = 401;
                description = refused.getMessage();
            }
        } else if (PutToken.JWT.equals(type)) {
            if (!connection.server().settings().jwtValidator().get().accept(token, audience)) {
                status = 401;
                description = "InvalidToken: The token was rejected. Audience: '" + audience + "'.";
            }
        } else {
            status = 400;
            description = "The token type '" + type + "' is not supported.";
        }
        if (status == 202) {
            // The audience path is an entity address; hub names may contain '/', so let the address parser split it.
            EntityAddress address = audiencePath.length() > 1 ? EntityAddress.parse(audiencePath.substring(1)) : null;
            String hubName = address == null ? null : address.hub();
            Hub hub = hubName == null
                    ? null
                    : connection.server().settings().store().hub(hubName);
            if (hubName != null && hub == null) {
                status = 404;
                description = Errors.entityNotFound(connection.host(), hubName);
            } else if (hub != null
                    && address.consumerGroup() != null
                    && !hub.hasConsumerGroup(address.consumerGroup())) {
                // As the service: a token for a consumer group that does not exist is refused at once. The Python
                // SDK's consumer never notices a refused link; a refused token it logs with the service's text.
                status = 404;
                description = Errors.entityNotFound(
                        connection.host(), hub.name() + "/consumergroups/" + address.consumerGroup());
            }
        }
        connection.counters().putToken(new PutToken(type, audience, Instant.ofEpochMilli(expiresAt), status == 202));
        if (status == 202) {
            connection.authorizations().grant(audiencePath, expiresAt);
        }
        connection.reply(request, status, description, null);
    }
}

package io.eventhubsnative.spark.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.implementation.ExceptionUtil;
import com.azure.core.amqp.implementation.RequestResponseChannelClosedException;
import org.junit.jupiter.api.Test;

class EventHubsErrorsTest {

    @Test
    void aDisposedManagementChannelOrABusyServiceIsRetried() {
        assertThat(EventHubsErrors.isTransient(new RequestResponseChannelClosedException("connection dropped")))
                .isTrue();
        assertThat(EventHubsErrors.isTransient(new RuntimeException(fromService(AmqpErrorCondition.TIMEOUT_ERROR))))
                .isTrue();
        assertThat(EventHubsErrors.isTransient(fromService(AmqpErrorCondition.SERVER_BUSY_ERROR)))
                .isTrue();
        assertThat(EventHubsErrors.isTransient(fromService(AmqpErrorCondition.CONNECTION_FORCED)))
                .isTrue();
    }

    @Test
    void refusedCredentialsAMissingHubAndBadArgumentsAreNot() {
        assertThat(EventHubsErrors.isTransient(fromService(AmqpErrorCondition.UNAUTHORIZED_ACCESS)))
                .isFalse();
        assertThat(EventHubsErrors.isTransient(fromService(
                        AmqpErrorCondition.NOT_FOUND,
                        "The messaging entity 'sb://myns.servicebus.windows.net/telemetry' could not be found.")))
                .isFalse();
        assertThat(EventHubsErrors.isTransient(fromService(AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR)))
                .isFalse();
        assertThat(EventHubsErrors.isTransient(new IllegalArgumentException("eventhubs.credentialProvider")))
                .isFalse();
    }

    private static Exception fromService(AmqpErrorCondition condition) {
        return fromService(condition, "from the service");
    }

    /** The exception the SDK makes of an error the service sent (for some conditions the text decides). */
    private static Exception fromService(AmqpErrorCondition condition, String description) {
        return ExceptionUtil.toException(condition.getErrorCondition(), description, null);
    }
}

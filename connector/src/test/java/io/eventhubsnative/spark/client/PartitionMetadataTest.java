package io.eventhubsnative.spark.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.core.amqp.implementation.RequestResponseChannelClosedException;
import org.junit.jupiter.api.Test;

class PartitionMetadataTest {

  @Test
  void aDisposedManagementChannelOrABusyServiceIsRetried() {
    assertThat(PartitionMetadata.isTransient(new RequestResponseChannelClosedException("connection dropped")))
        .isTrue();
    assertThat(PartitionMetadata.isTransient(new RuntimeException(amqp(true, AmqpErrorCondition.TIMEOUT_ERROR))))
        .isTrue();
    assertThat(PartitionMetadata.isTransient(amqp(false, AmqpErrorCondition.SERVER_BUSY_ERROR))).isTrue();
    assertThat(PartitionMetadata.isTransient(amqp(false, AmqpErrorCondition.CONNECTION_FORCED))).isTrue();
  }

  @Test
  void refusedCredentialsAMissingHubAndBadArgumentsAreNot() {
    assertThat(PartitionMetadata.isTransient(amqp(false, AmqpErrorCondition.UNAUTHORIZED_ACCESS))).isFalse();
    assertThat(PartitionMetadata.isTransient(amqp(false, AmqpErrorCondition.NOT_FOUND))).isFalse();
    assertThat(PartitionMetadata.isTransient(amqp(false, AmqpErrorCondition.ARGUMENT_OUT_OF_RANGE_ERROR)))
        .isFalse();
    assertThat(PartitionMetadata.isTransient(new IllegalArgumentException("eventhubs.credentialProvider"))).isFalse();
  }

  private static AmqpException amqp(boolean isTransient, AmqpErrorCondition condition) {
    return new AmqpException(isTransient, condition, condition.getErrorCondition(), null);
  }
}

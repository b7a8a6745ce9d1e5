package io.eventhubsnative.spark.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.models.EventPosition;
import io.eventhubsnative.spark.config.PositionSpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventPositionsTest {

    private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void positionsBecomeTheSdksPositions() {
        assertThat(EventPositions.of(PositionSpec.earliest())).isEqualTo(EventPosition.earliest());
        assertThat(EventPositions.of(PositionSpec.latest())).isEqualTo(EventPosition.latest());
        assertThat(EventPositions.of(PositionSpec.fromSequenceNumber(42)))
                .isEqualTo(EventPosition.fromSequenceNumber(42, true));
        assertThat(EventPositions.of(PositionSpec.fromSequenceNumber(42, false)))
                .isEqualTo(EventPosition.fromSequenceNumber(42, false));
        assertThat(EventPositions.of(PositionSpec.fromEnqueuedTime(NOV_1)))
                .isEqualTo(EventPosition.fromEnqueuedTime(NOV_1));
    }

    @Test
    void inclusiveOffsetStartsAfterThePreviousOffset() {
        EventPosition inclusive = EventPositions.of(PositionSpec.fromOffset("1234"));
        assertThat(inclusive.getOffset()).isEqualTo("1233");
        assertThat(inclusive.isInclusive()).isFalse();
        assertThat(EventPositions.of(PositionSpec.fromOffset("1234", false)))
                .isEqualTo(EventPosition.fromOffsetString("1234"));
        assertThat(EventPositions.of(PositionSpec.fromOffset("0")).getOffset()).isEqualTo("-1");
    }
}

package io.eventhubsnative.spark.client;

import com.azure.messaging.eventhubs.models.EventPosition;
import io.eventhubsnative.spark.config.PositionSpec;

/** Positions of this connector's options as the SDK's {@link EventPosition}s. */
public final class EventPositions {

    private EventPositions() {}

    /**
     * The SDK's position. An inclusive offset {@code n} becomes "after offset {@code n - 1}": the SDK only offers
     * exclusive offsets, and numeric offsets grow by at least one per event.
     */
    public static EventPosition of(PositionSpec position) {
        switch (position.kind()) {
            case EARLIEST:
                return EventPosition.earliest();
            case LATEST:
                return EventPosition.latest();
            case SEQUENCE_NUMBER:
                return EventPosition.fromSequenceNumber(position.sequenceNumber(), position.isInclusive());
            case OFFSET:
                String offset = position.offset();
                return EventPosition.fromOffsetString(
                        position.isInclusive() ? String.valueOf(Long.parseLong(offset) - 1) : offset);
            case ENQUEUED_TIME:
                return EventPosition.fromEnqueuedTime(position.enqueuedTime());
            default:
                throw new IllegalStateException("Unknown position kind " + position.kind());
        }
    }
}

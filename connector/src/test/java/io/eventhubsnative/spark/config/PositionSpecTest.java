package io.eventhubsnative.spark.config;

import static io.eventhubsnative.spark.config.TestOptions.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventhubsnative.spark.config.PositionSpec.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class PositionSpecTest {

    private static final String OPTION = "eventhubs.startingPosition";
    private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");

    private static PositionSpec parse(String value) {
        return PositionSpec.parse(OPTION, value);
    }

    @Test
    void earliestAndLatestAsWordsOrJsonStrings() {
        assertThat(parse("earliest")).isEqualTo(PositionSpec.earliest());
        assertThat(parse("LATEST")).isEqualTo(PositionSpec.latest());
        assertThat(parse("\"earliest\"")).isEqualTo(PositionSpec.earliest());
        assertThat(parse(" \"latest\" ")).isEqualTo(PositionSpec.latest());
        assertThat(parse("earliest").kind()).isEqualTo(Kind.EARLIEST);
    }

    @Test
    void sequenceNumberIsInclusiveByDefault() {
        PositionSpec position = parse("{\"sequenceNumber\": 42}");
        assertThat(position.kind()).isEqualTo(Kind.SEQUENCE_NUMBER);
        assertThat(position.sequenceNumber()).isEqualTo(42L);
        assertThat(position.isInclusive()).isTrue();
        assertThat(parse("{\"sequenceNumber\": 42, \"inclusive\": true}")).isEqualTo(position);
        assertThat(parse("{\"sequenceNumber\": \"42\"}")).isEqualTo(position);
    }

    @Test
    void exclusiveSequenceNumber() {
        PositionSpec position = parse("{\"sequenceNumber\": 42, \"inclusive\": false}");
        assertThat(position).isEqualTo(PositionSpec.fromSequenceNumber(42, false));
        assertThat(position.isInclusive()).isFalse();
    }

    @Test
    void offset() {
        PositionSpec position = parse("{\"offset\": \"1234\"}");
        assertThat(position.kind()).isEqualTo(Kind.OFFSET);
        assertThat(position.offset()).isEqualTo("1234");
        assertThat(position.isInclusive()).isTrue();
        assertThat(parse("{\"offset\": 1234}")).isEqualTo(position);
        assertThat(parse("{\"offset\": \"1234\", \"inclusive\": false}").isInclusive())
                .isFalse();
    }

    @Test
    void legacyOffsetsForStartAndEnd() {
        assertThat(parse("{\"offset\": \"-1\"}")).isEqualTo(PositionSpec.earliest());
        assertThat(parse("{\"offset\": \"@latest\"}")).isEqualTo(PositionSpec.latest());
    }

    @Test
    void nonNumericOffsetsOnlyExclusive() {
        assertThat(parse("{\"offset\": \"a1b2\", \"inclusive\": false}").offset())
                .isEqualTo("a1b2");
        rejects(() -> parse("{\"offset\": \"a1b2\"}"), OPTION, "a1b2", "\"inclusive\": false");
    }

    @Test
    void enqueuedTime() {
        PositionSpec position = parse("{\"enqueuedTime\": \"2026-11-01T00:00:00Z\"}");
        assertThat(position.kind()).isEqualTo(Kind.ENQUEUED_TIME);
        assertThat(position.enqueuedTime()).isEqualTo(NOV_1);
        assertThat(parse("{\"enqueuedTime\": \"2026-11-01T01:00:00+01:00\"}")).isEqualTo(position);
        assertThat(parse("{\"enqueuedTime\": \"2026-11-01T00:00:00.123456Z\"}").enqueuedTime())
                .isEqualTo(NOV_1.plusNanos(123_456_000));
    }

    @Test
    void legacyEventPositions() {
        assertThat(parse("{\"offset\":\"-1\",\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":true}"))
                .isEqualTo(PositionSpec.earliest());
        assertThat(parse("{\"offset\":\"@latest\",\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":false}"))
                .isEqualTo(PositionSpec.latest());
        assertThat(parse("{\"offset\":null,\"seqNo\":42,\"enqueuedTime\":null,\"isInclusive\":true}"))
                .isEqualTo(PositionSpec.fromSequenceNumber(42));
        assertThat(parse("{\"offset\":null,\"seqNo\":42,\"enqueuedTime\":null,\"isInclusive\":false}"))
                .isEqualTo(PositionSpec.fromSequenceNumber(42, false));
        assertThat(parse("{\"offset\":\"1234\",\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":true}"))
                .isEqualTo(PositionSpec.fromOffset("1234"));
        assertThat(parse("{\"offset\":null,\"seqNo\":-1,\"enqueuedTime\":\"2026-11-01T00:00:00.000Z\","
                        + "\"isInclusive\":true}"))
                .isEqualTo(PositionSpec.fromEnqueuedTime(NOV_1));
    }

    @Test
    void legacyPositionThatSetsNothing() {
        rejects(
                () -> parse("{\"offset\":null,\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":true}"),
                OPTION,
                "sets no position");
    }

    @Test
    void jsonRoundTripsForEveryKind() {
        List<PositionSpec> positions = Arrays.asList(
                PositionSpec.earliest(),
                PositionSpec.latest(),
                PositionSpec.fromSequenceNumber(42),
                PositionSpec.fromSequenceNumber(0, false),
                PositionSpec.fromOffset("1234"),
                PositionSpec.fromOffset("77", false),
                PositionSpec.fromEnqueuedTime(NOV_1.plusMillis(5)));
        for (PositionSpec position : positions) {
            assertThat(parse(position.toJson())).isEqualTo(position).hasSameHashCodeAs(position);
        }
    }

    @Test
    void canonicalJson() {
        assertThat(PositionSpec.earliest().toJson()).isEqualTo("\"earliest\"");
        assertThat(PositionSpec.latest().toJson()).isEqualTo("\"latest\"");
        assertThat(PositionSpec.fromSequenceNumber(42).toJson())
                .isEqualTo("{\"sequenceNumber\":42,\"inclusive\":true}");
        assertThat(PositionSpec.fromOffset("1234").toJson()).isEqualTo("{\"offset\":\"1234\",\"inclusive\":true}");
        assertThat(PositionSpec.fromEnqueuedTime(NOV_1).toJson())
                .isEqualTo("{\"enqueuedTime\":\"2026-11-01T00:00:00Z\"}");
    }

    @Test
    void perPartitionPositionsInPartitionOrder() {
        SortedMap<String, PositionSpec> positions = PositionSpec.parsePerPartition(
                "eventhubs.startingPositions",
                "{\"10\": \"latest\", \"2\": {\"offset\": \"99\"}, \"0\": {\"sequenceNumber\": 42}, "
                        + "\"1\": {\"offset\":\"-1\",\"seqNo\":-1,\"enqueuedTime\":null,\"isInclusive\":true}}",
                "telemetry");
        assertThat(positions.keySet()).containsExactly("0", "1", "2", "10");
        assertThat(positions.get("0")).isEqualTo(PositionSpec.fromSequenceNumber(42));
        assertThat(positions.get("1")).isEqualTo(PositionSpec.earliest());
        assertThat(positions.get("2")).isEqualTo(PositionSpec.fromOffset("99"));
        assertThat(positions.get("10")).isEqualTo(PositionSpec.latest());
    }

    @Test
    void legacyNameAndPartitionKeys() {
        SortedMap<String, PositionSpec> positions = PositionSpec.parsePerPartition(
                "eventhubs.startingPositions",
                "{\"{\\\"ehName\\\":\\\"telemetry\\\",\\\"partitionId\\\":3}\": "
                        + "{\"offset\":null,\"seqNo\":7,\"enqueuedTime\":null,\"isInclusive\":true}}",
                "telemetry");
        assertThat(positions).containsEntry("3", PositionSpec.fromSequenceNumber(7));
    }

    @Test
    void legacyKeyOfAnotherHub() {
        rejects(
                () -> PositionSpec.parsePerPartition(
                        "eventhubs.startingPositions",
                        "{\"{\\\"ehName\\\":\\\"orders\\\",\\\"partitionId\\\":3}\": \"earliest\"}",
                        "telemetry"),
                "eventhubs.startingPositions",
                "'orders'",
                "'telemetry'");
    }

    @Test
    void perPartitionErrors() {
        String option = "eventhubs.startingPositions";
        rejects(
                () -> PositionSpec.parsePerPartition(option, "\"earliest\"", "telemetry"),
                option,
                "JSON object",
                "{\"0\": {\"sequenceNumber\": 42}");
        rejects(
                () -> PositionSpec.parsePerPartition(option, "{\"one\": \"earliest\"}", "telemetry"),
                option,
                "'one'",
                "partition id");
        rejects(
                () -> PositionSpec.parsePerPartition(option, "{\"1\": \"earliest\", \"01\": \"latest\"}", "telemetry"),
                option,
                "partition 1 twice");
        rejects(
                () -> PositionSpec.parsePerPartition(option, "{\"1\": {\"sequenceNumber\": -3}}", "telemetry"),
                option,
                "for partition 1",
                "0 or more");
    }

    @Test
    void accessorsOfAnotherKindFail() {
        assertThatThrownBy(() -> PositionSpec.latest().sequenceNumber())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sequence number");
        assertThatThrownBy(() -> PositionSpec.fromSequenceNumber(1).offset()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PositionSpec.earliest().enqueuedTime()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void isSerializable() throws Exception {
        PositionSpec position = PositionSpec.fromEnqueuedTime(NOV_1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(position);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(position);
        }
    }
}

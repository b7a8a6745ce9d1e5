package io.eventhubsnative.spark.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventHubsSourceOffsetTest {

    private static Map<String, Long> next(Object... partitionsAndSequenceNumbers) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < partitionsAndSequenceNumbers.length; i += 2) {
            map.put(
                    String.valueOf(partitionsAndSequenceNumbers[i]),
                    ((Number) partitionsAndSequenceNumbers[i + 1]).longValue());
        }
        return map;
    }

    @Test
    void jsonIsTheLegacyShapeWithPartitionsInNumericOrder() {
        EventHubsSourceOffset offset = new EventHubsSourceOffset("telemetry", next(10, 3, 2, 7, 0, 12, 1, 7));
        assertThat(offset.json()).isEqualTo("{\"telemetry\":{\"0\":12,\"1\":7,\"2\":7,\"10\":3}}");
        assertThat(offset.toString()).isEqualTo(offset.json());
    }

    @Test
    void roundTrip() {
        EventHubsSourceOffset offset = new EventHubsSourceOffset("telemetry", next(0, 12, 1, 7));
        EventHubsSourceOffset back = EventHubsSourceOffset.fromJson(offset.json());
        assertThat(back).isEqualTo(offset).hasSameHashCodeAs(offset);
        assertThat(back.eventHubName()).isEqualTo("telemetry");
        assertThat(back.sequenceNumbers())
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("0", 12L),
                        org.assertj.core.api.Assertions.entry("1", 7L));
        assertThat(back.sequenceNumber("1")).isEqualTo(7L);
        assertThat(back.sequenceNumber("5")).isNull();
    }

    @Test
    void readsALegacyCheckpointAndWritesItCanonically() {
        EventHubsSourceOffset legacy = EventHubsSourceOffset.fromJson("{ \"ehName1\" : { \"1\" : 789, \"0\" : 456 } }");
        assertThat(legacy.eventHubName()).isEqualTo("ehName1");
        assertThat(legacy.json()).isEqualTo("{\"ehName1\":{\"0\":456,\"1\":789}}");
    }

    @Test
    void anEventHubWithoutPartitionsYet() {
        assertThat(EventHubsSourceOffset.fromJson("{\"telemetry\":{}}").sequenceNumbers())
                .isEmpty();
    }

    @Test
    void equalityIsByValueAndAgreesWithSparksJsonEquality() {
        Map<String, Long> unordered = new HashMap<>(next(1, 7, 0, 12));
        EventHubsSourceOffset a = new EventHubsSourceOffset("telemetry", unordered);
        EventHubsSourceOffset b = new EventHubsSourceOffset("telemetry", next(0, 12, 1, 7));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new EventHubsSourceOffset("telemetry", next(0, 12, 1, 8)));
        assertThat(a).isNotEqualTo(new EventHubsSourceOffset("orders", next(0, 12, 1, 7)));
        Offset sameJson = new Offset() {
            @Override
            public String json() {
                return "{\"telemetry\":{\"0\":12,\"1\":7}}";
            }
        };
        assertThat(a).isEqualTo(sameJson);
    }

    @Test
    void sequenceNumbersCannotBeChanged() {
        EventHubsSourceOffset offset = new EventHubsSourceOffset("telemetry", next(0, 1));
        assertThatThrownBy(() -> offset.sequenceNumbers().put("1", 2L))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theConstructorCopiesItsMap() {
        Map<String, Long> map = next(0, 1);
        EventHubsSourceOffset offset = new EventHubsSourceOffset("telemetry", map);
        map.put("1", 5L);
        assertThat(offset.json()).isEqualTo("{\"telemetry\":{\"0\":1}}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{}",
                "{\"a\":{\"0\":1},\"b\":{\"0\":1}}",
                "{\"telemetry\":5}",
                "{\"telemetry\":{\"x\":1}}",
                "{\"telemetry\":{\"01\":1}}",
                "{\"telemetry\":{\"0\":-1}}",
                "{\"telemetry\":{\"0\":1.5}}",
                "{\"telemetry\":{\"0\":\"12\"}}",
                "{\"telemetry\":{\"0\":1,\"0\":2}}",
                "{\"telemetry\":{\"0\":1}} trailing",
                "{\"version\":1,\"offsets\":{\"0\":1}}"
            })
    void rejectsAnythingElseWithAnExample(String json) {
        assertThatThrownBy(() -> EventHubsSourceOffset.fromJson(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not an eventhubs-native offset")
                .hasMessageContaining("{\"telemetry\":{\"0\":12,\"1\":7}}");
    }

    @Test
    void severalEventHubsAreExplained() {
        assertThatThrownBy(() -> EventHubsSourceOffset.fromJson("{\"ehName1\":{\"0\":456},\"ehName2\":{\"0\":0}}"))
                .hasMessageContaining("holds 2 event hubs");
    }

    @Test
    void constructorChecksItsInput() {
        assertThatThrownBy(() -> new EventHubsSourceOffset("", next(0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventHubsSourceOffset("telemetry", next(0, -1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition 0");
        assertThatThrownBy(() -> new EventHubsSourceOffset("telemetry", next("p1", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'p1'");
    }
}

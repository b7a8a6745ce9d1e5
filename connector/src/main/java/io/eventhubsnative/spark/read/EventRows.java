package io.eventhubsnative.spark.read;

import com.azure.core.util.BinaryData;
import com.azure.messaging.eventhubs.EventData;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.types.UTF8String;

/** Converts received events to rows of {@link EventSchema#SCHEMA}. */
final class EventRows {

  private static final String PUBLISHER = "x-opt-publisher";

  private EventRows() {}

  static InternalRow toRow(String partitionId, EventData event) {
    BinaryData body = event.getBodyAsBinaryData();
    Object[] values = new Object[9];
    values[0] = body == null ? null : body.toBytes();
    values[1] = UTF8String.fromString(partitionId);
    values[2] = UTF8String.fromString(event.getOffsetString());
    values[3] = event.getSequenceNumber();
    Instant enqueued = event.getEnqueuedTime();
    values[4] = enqueued.getEpochSecond() * 1_000_000L + enqueued.getNano() / 1_000;
    Map<String, Object> system = event.getSystemProperties();
    Object publisher = system.get(PUBLISHER);
    values[5] = publisher == null ? null : UTF8String.fromString(publisher.toString());
    values[6] = event.getPartitionKey() == null ? null : UTF8String.fromString(event.getPartitionKey());
    values[7] = stringMap(event.getProperties());
    values[8] = stringMap(system);
    return new GenericInternalRow(values);
  }

  private static MapData stringMap(Map<String, Object> map) {
    Object[] keys = new Object[map.size()];
    Object[] values = new Object[map.size()];
    int i = 0;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      keys[i] = UTF8String.fromString(entry.getKey());
      values[i] = entry.getValue() == null ? null : UTF8String.fromString(text(entry.getValue()));
      i++;
    }
    return ArrayBasedMapData.apply(keys, values);
  }

  /** Property values as text: timestamps in ISO-8601, binary as UTF-8, everything else by toString. */
  private static String text(Object value) {
    if (value instanceof Date) {
      return ((Date) value).toInstant().toString();
    }
    if (value instanceof byte[]) {
      return new String((byte[]) value, java.nio.charset.StandardCharsets.UTF_8);
    }
    return value.toString();
  }
}

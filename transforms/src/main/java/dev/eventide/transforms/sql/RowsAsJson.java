package dev.eventide.transforms.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventide.transforms.io.FormatPanesAsJson;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.ReadableInstant;

/**
 * Result rows as JSON Lines: one object per row, its field names the query's column names.
 * Timestamps are ISO-8601 instants in UTC, as in every Eventide output; a double that is not finite
 * (a sum that overflowed, say) is the string {@code "Infinity"}, {@code "-Infinity"} or {@code
 * "NaN"}, since JSON has no such number.
 */
public final class RowsAsJson extends PTransform<PCollection<Row>, PCollection<String>> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  public static RowsAsJson create() {
    return new RowsAsJson();
  }

  @Override
  public PCollection<String> expand(PCollection<Row> rows) {
    return rows.apply("RowToJson", MapElements.into(TypeDescriptors.strings()).via(RowsAsJson::line));
  }

  /** One row as one line of JSON. */
  public static String line(Row row) {
    try {
      return JSON.writeValueAsString(object(row));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a row that JSON cannot hold: " + row, e);
    }
  }

  private static ObjectNode object(Row row) {
    ObjectNode json = NODES.objectNode();
    Schema schema = row.getSchema();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Schema.Field field = schema.getField(i);
      json.set(field.getName(), value(field.getType(), row.getValue(i)));
    }
    return json;
  }

  private static JsonNode value(Schema.FieldType type, Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    switch (type.getTypeName()) {
      case BYTE:
      case INT16:
      case INT32:
      case INT64:
        return NODES.numberNode(((Number) value).longValue());
      case FLOAT:
      case DOUBLE:
        double number = ((Number) value).doubleValue();
        return Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(Double.toString(number));
      case DECIMAL:
        return NODES.numberNode((BigDecimal) value);
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      case DATETIME:
        return NODES.textNode(FormatPanesAsJson.isoInstant(((ReadableInstant) value).toInstant()));
      case BYTES:
        return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
      case ROW:
        return object((Row) value);
      case ARRAY:
      case ITERABLE:
        ArrayNode array = NODES.arrayNode();
        for (Object element : (Iterable<?>) value) {
          array.add(value(type.getCollectionElementType(), element));
        }
        return array;
      case MAP:
        ObjectNode map = NODES.objectNode();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          map.set(String.valueOf(entry.getKey()), value(type.getMapValueType(), entry.getValue()));
        }
        return map;
      default:
        // STRING and logical types (SQL's DATE, TIME and the like): their text.
        return NODES.textNode(String.valueOf(value));
    }
  }
}

package dev.eventide.transforms.sql;

import dev.eventide.transforms.model.Reading;
import dev.eventide.transforms.model.Sale;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The parsed records as schema'd rows, the tables SQL sees: the same records the jobs see, after
 * the same parsing and dead-lettering, with their event time as the {@code TIMESTAMP} column
 * {@value #EVENT_TIME}.
 */
public final class EventRows {

  /** The event-time column of every table: what {@code TUMBLE}, {@code HOP} and {@code SESSION} take. */
  public static final String EVENT_TIME = "event_time";

  /** A sale: {@code event_time, month, category, product, profit} (a 64-bit profit, so sums hold). */
  public static final Schema SALE =
      Schema.builder()
          .addDateTimeField(EVENT_TIME)
          .addStringField("month")
          .addStringField("category")
          .addStringField("product")
          .addInt64Field("profit")
          .build();

  /** A device reading: {@code event_time, device, reading}. */
  public static final Schema READING =
      Schema.builder().addDateTimeField(EVENT_TIME).addStringField("device").addDoubleField("reading").build();

  private EventRows() {}

  public static Row of(Sale sale) {
    return Row.withSchema(SALE)
        .addValues(sale.eventTime(), sale.month(), sale.category(), sale.product(), (long) sale.profit())
        .build();
  }

  public static Row of(Reading reading) {
    return Row.withSchema(READING).addValues(reading.eventTime(), reading.device(), reading.value()).build();
  }

  /** Records to rows of {@code schema}, keeping each record's timestamp and window. */
  public static <T> PTransform<PCollection<T>, PCollection<Row>> rows(Schema schema, SerializableFunction<T, Row> toRow) {
    return new PTransform<>() {
      @Override
      public PCollection<Row> expand(PCollection<T> records) {
        return records.apply("ToRows", MapElements.into(TypeDescriptor.of(Row.class)).via(toRow)).setRowSchema(schema);
      }
    };
  }

  /** The columns of {@code schema} as {@code name TYPE, ...}, for help texts. */
  public static String describe(Schema schema) {
    StringBuilder text = new StringBuilder();
    for (Schema.Field field : schema.getFields()) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(field.getName()).append(' ').append(sqlType(field.getType()));
    }
    return text.toString();
  }

  private static String sqlType(Schema.FieldType type) {
    switch (type.getTypeName()) {
      case DATETIME:
        return "TIMESTAMP";
      case STRING:
        return "VARCHAR";
      case INT64:
        return "BIGINT";
      case DOUBLE:
        return "DOUBLE";
      default:
        return type.getTypeName().name();
    }
  }
}

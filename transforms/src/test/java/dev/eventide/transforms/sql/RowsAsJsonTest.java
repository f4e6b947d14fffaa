package dev.eventide.transforms.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.eventide.transforms.model.Reading;
import dev.eventide.transforms.model.Sale;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Result rows as JSON: the query's column names, in its order, with values JSON can hold. */
class RowsAsJsonTest {

  @Test
  void aSaleRowKeepsItsColumnsAndItsTimeInUtc() {
    Row row = EventRows.of(new Sale(Instant.parse("2018-06-01T00:00:01.250Z"), "June", "Category1", "Bat", -7));
    assertThat(
        RowsAsJson.line(row),
        equalTo("{\"event_time\":\"2018-06-01T00:00:01.250Z\",\"month\":\"June\",\"category\":\"Category1\",\"product\":\"Bat\",\"profit\":-7}"));
  }

  @Test
  void everyKindOfValueIsValidJson() {
    Schema schema =
        Schema.builder()
            .addNullableField("nothing", Schema.FieldType.STRING)
            .addDoubleField("overflowed")
            .addDoubleField("notANumber")
            .addDecimalField("exact")
            .addBooleanField("flag")
            .addArrayField("values", Schema.FieldType.INT64)
            .addRowField("reading", EventRows.READING)
            .build();
    Row row =
        Row.withSchema(schema)
            .addValues(
                null,
                Double.POSITIVE_INFINITY,
                Double.NaN,
                new BigDecimal("12345678901234567890.5"),
                true,
                List.of(1L, 2L),
                EventRows.of(new Reading(Instant.parse("2018-06-01T00:00:00Z"), "sensor-1", 2.5)))
            .build();
    assertThat(
        RowsAsJson.line(row),
        equalTo(
            "{\"nothing\":null,\"overflowed\":\"Infinity\",\"notANumber\":\"NaN\",\"exact\":12345678901234567890.5,"
                + "\"flag\":true,\"values\":[1,2],"
                + "\"reading\":{\"event_time\":\"2018-06-01T00:00:00Z\",\"device\":\"sensor-1\",\"reading\":2.5}}"));
  }
}

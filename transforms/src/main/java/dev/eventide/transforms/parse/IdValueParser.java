package dev.eventide.transforms.parse;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * A line {@code id,value} as a keyed record: the summary's persons ({@code 1,John}) and locations
 * ({@code 1,DC}), the two sides of its join examples. Both fields are trimmed and must not be
 * empty; a value with a comma makes a third field and is rejected. The lines carry no time: a
 * record keeps its line's timestamp.
 */
public final class IdValueParser implements LineParser<KV<String, String>> {

  private final String name;
  private final String valueField;

  private IdValueParser(String name, String valueField) {
    this.name = name;
    this.valueField = valueField;
  }

  /** Lines {@code id,<valueField>}, counted under {@code name}. */
  public static IdValueParser of(String name, String valueField) {
    return new IdValueParser(name, valueField);
  }

  @Override
  public KV<String, String> parse(String line) throws InvalidRecordException {
    String[] fields = Fields.split(line, "id", valueField);
    return KV.of(Fields.text("id", fields[0]), Fields.text(valueField, fields[1]));
  }

  /** None: a record keeps its line's timestamp. */
  @Override
  public Instant eventTime(KV<String, String> record) {
    return null;
  }

  @Override
  public Coder<KV<String, String>> coder() {
    return KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
  }

  @Override
  public String name() {
    return name;
  }
}

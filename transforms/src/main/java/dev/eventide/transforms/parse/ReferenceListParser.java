package dev.eventide.transforms.parse;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.joda.time.Instant;

/**
 * A reference list's key from each of its lines: the summary's alarmed customers ({@code customer
 * id,account id}: the customer id) and lost cards ({@code card number,reported at,holder
 * name,status}: the card number). A listed key applies from the time its line came with: from the
 * start for a file, from its arrival for a stream.
 */
public final class ReferenceListParser implements LineParser<String> {

  private final String name;
  private final String[] fields;
  private final int keyField;

  private ReferenceListParser(String name, int keyField, String... fields) {
    this.name = name;
    this.fields = fields;
    this.keyField = keyField;
  }

  /** {@code customer id,account id}. */
  public static ReferenceListParser alarmedCustomers() {
    return new ReferenceListParser("alarmedCustomers", 0, "customerId", "accountId");
  }

  /** {@code card number,reported at,holder name,status}. */
  public static ReferenceListParser lostCards() {
    return new ReferenceListParser("lostCards", 0, "cardNumber", "reportedAt", "holderName", "status");
  }

  @Override
  public String parse(String line) throws InvalidRecordException {
    return Fields.text(fields[keyField], Fields.split(line, fields)[keyField]);
  }

  /** None: the key keeps its line's timestamp. */
  @Override
  public Instant eventTime(String key) {
    return null;
  }

  @Override
  public Coder<String> coder() {
    return StringUtf8Coder.of();
  }

  @Override
  public String name() {
    return name;
  }
}

package dev.eventide.transforms.parse;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import org.joda.time.Instant;

/**
 * The fields of a comma-separated line, each read with a reason when it cannot be: the shared
 * vocabulary of Eventide's {@link LineParser}s.
 */
public final class Fields {

  private static final DateTimeFormatter SPACED =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private Fields() {}

  /**
   * A field's text as a reason quotes it: whole, or its start and length when it is long (a reason
   * need not repeat a line of 60,000 characters, which its dead letter keeps anyway).
   */
  public static String quote(String text) {
    if (text.length() <= 100) {
      return "'" + text + "'";
    }
    return "'" + Limits.start(text, 100) + "…' (" + text.length() + " characters)";
  }

  /** The line's fields, which must be exactly the ones {@code names} lists. */
  public static String[] split(String line, String... names) throws InvalidRecordException {
    String[] fields = line.split(",", -1);
    if (fields.length != names.length) {
      throw new InvalidRecordException(
          "expected " + names.length + " fields (" + String.join(",", names) + ") but found " + fields.length);
    }
    return fields;
  }

  /** A field that must not be empty, trimmed. */
  public static String text(String field, String value) throws InvalidRecordException {
    String text = value.strip();
    if (text.isEmpty()) {
      throw new InvalidRecordException("empty " + field);
    }
    return text;
  }

  /** A whole number that fits in 64 bits, with an optional sign. */
  public static long wholeNumber(String field, String value) throws InvalidRecordException {
    String text = value.strip();
    if (!text.matches("[+-]?\\d+")) {
      throw new InvalidRecordException(field + " " + quote(text) + " is not a whole number");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidRecordException(field + " " + quote(text) + " is out of range");
    }
  }

  /**
   * An event time as the summary's files write it: {@code 2018-06-14 23:32:23} (UTC, the bank
   * format) or an ISO-8601 instant such as {@code 2018-06-14T23:32:23Z} or {@code
   * 2018-06-14T23:32:23.250+02:00}.
   */
  public static Instant time(String field, String value) throws InvalidRecordException {
    String text = value.strip();
    try {
      java.time.Instant instant =
          text.indexOf('T') >= 0
              ? OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
              : LocalDateTime.parse(text, SPACED).toInstant(ZoneOffset.UTC);
      return Instant.ofEpochMilli(instant.toEpochMilli());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidRecordException(
          "bad " + field + " " + quote(text) + ": expected yyyy-MM-dd HH:mm:ss (UTC) or an ISO-8601 instant such as 2018-06-14T23:32:23Z");
    }
  }
}

package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.Sale;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/**
 * The summary's sales format: {@code date,month,category,product,profit}, e.g. {@code
 * 01-06-2018,June,Category5,Bat,12}. The date is {@code dd-MM-yyyy} (midnight UTC; one-digit days
 * and months are read too) or an ISO-8601
 * instant ({@code 2018-06-01T10:15:30Z}, {@code 2018-06-01T10:15:30.250Z}, or with an offset such
 * as {@code +02:00}); it is the event time. Fields are trimmed; profit is a whole number that fits
 * in 32 bits and may be negative.
 */
public final class SaleParser implements LineParser<Sale> {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d-M-uuuu").withResolverStyle(ResolverStyle.STRICT);

  @Override
  public Sale parse(String line) throws InvalidRecordException {
    String[] fields = Fields.split(line, "date", "month", "category", "product", "profit");
    Instant eventTime = parseDate(fields[0].strip());
    String month = Fields.text("month", fields[1]);
    String category = Fields.text("category", fields[2]);
    String product = Fields.text("product", fields[3]);
    int profit = parseProfit(fields[4].strip());
    return new Sale(eventTime, month, category, product, profit);
  }

  @Override
  public Instant eventTime(Sale sale) {
    return sale.eventTime();
  }

  @Override
  public Coder<Sale> coder() {
    return Sale.SaleCoder.of();
  }

  @Override
  public String name() {
    return "sales";
  }

  static Instant parseDate(String text) throws InvalidRecordException {
    try {
      if (text.indexOf('T') < 0) {
        long millis = LocalDate.parse(text, DAY).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return Instant.ofEpochMilli(millis);
      }
      return Instant.ofEpochMilli(
          OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new InvalidRecordException(
          "bad date " + Fields.quote(text) + ": expected dd-MM-yyyy or an ISO-8601 instant such as 2018-06-01T10:15:30Z");
    }
  }

  private static int parseProfit(String text) throws InvalidRecordException {
    if (!text.matches("[+-]?\\d+")) {
      throw new InvalidRecordException("profit " + Fields.quote(text) + " is not a whole number");
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidRecordException(
          "profit " + Fields.quote(text) + " is out of range [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]");
    }
  }
}

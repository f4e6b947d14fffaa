package dev.eventide.transforms.io;

import dev.eventide.transforms.model.Sale;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.joda.time.Instant;

/**
 * A deterministic source of sale lines in the summary's format, for demos, tests and benchmarks.
 * Line {@code i} depends only on the seed and {@code i}, so any runner, any parallelism and any
 * rerun produce the same lines, and a test can compute the expected results on its own from
 * {@link #sale(long)}.
 *
 * <p>Sale {@code i} <em>arrives</em> at {@code start + maxDisorder + i * interval}. Its event time is up to
 * {@code maxDisorder} earlier (out of order, but within the bound the source's watermark allows
 * for), or, for a {@code lateFraction} of sales, {@code lateBy} beyond that bound: those are late
 * whenever the watermark has passed their window. A {@code malformedFraction} of lines are broken
 * in one of the ways real data breaks.
 */
public record SaleGenerator(
    long seed,
    Instant start,
    long intervalMillis,
    long maxDisorderMillis,
    double lateFraction,
    long lateByMillis,
    double malformedFraction)
    implements LineGenerator {

  private static final List<String> PRODUCTS =
      List.of(
          "Bat", "Bottle", "Bucket", "Jeans", "Jewelry", "Laptop", "Mouse", "PC", "Pendrive",
          "Perfume", "Phone", "RAM", "Shirt", "Shoes", "Socks", "Steamer", "Tablet", "Television",
          "Watch");
  private static final int CATEGORIES = 5;
  private static final int MALFORMED_KINDS = 6;

  public SaleGenerator {
    if (intervalMillis <= 0 || maxDisorderMillis < 0 || lateByMillis < 0) {
      throw new IllegalArgumentException("interval must be > 0, disorder and lateness >= 0");
    }
    if (!(lateFraction >= 0 && lateFraction <= 1 && malformedFraction >= 0 && malformedFraction <= 1)) {
      throw new IllegalArgumentException("fractions must lie in [0, 1]");
    }
  }

  /** In order, on time, well formed: sales 100 ms apart from 2018-06-01. */
  public static SaleGenerator orderly(long seed) {
    return new SaleGenerator(seed, Instant.parse("2018-06-01T00:00:00Z"), 100, 0, 0, 0, 0);
  }

  public SaleGenerator withDisorder(long maxDisorderMillis) {
    return new SaleGenerator(
        seed, start, intervalMillis, maxDisorderMillis, lateFraction, lateByMillis, malformedFraction);
  }

  public SaleGenerator withLate(double fraction, long byMillis) {
    return new SaleGenerator(
        seed, start, intervalMillis, maxDisorderMillis, fraction, byMillis, malformedFraction);
  }

  public SaleGenerator withMalformed(double fraction) {
    return new SaleGenerator(
        seed, start, intervalMillis, maxDisorderMillis, lateFraction, lateByMillis, fraction);
  }

  public SaleGenerator withInterval(long millis) {
    return new SaleGenerator(
        seed, start, millis, maxDisorderMillis, lateFraction, lateByMillis, malformedFraction);
  }

  /**
   * When line {@code i} arrives: the order of the stream. Arrivals start one disorder bound after
   * {@code start}, so that on-time sales never fall before it.
   */
  public Instant arrival(long i) {
    return start.plus(maxDisorderMillis + i * intervalMillis);
  }

  /**
   * The source's watermark after line {@code i}: its arrival less the disorder bound, so that
   * disordered sales are never late and late sales are, once their window has closed.
   */
  public Instant watermarkAfter(long i) {
    return arrival(i).minus(maxDisorderMillis);
  }

  /** The sale that line {@code i} holds, or empty when the line is malformed. */
  public Optional<Sale> sale(long i) {
    SplittableRandom random = random(i);
    if (random.nextDouble() < malformedFraction) {
      return Optional.empty();
    }
    long eventMillis;
    // Late only once a late time cannot precede the first on-time sale: late data belongs to a
    // window that has had on-time data, as it does in a stream that has been running a while.
    boolean late = random.nextDouble() < lateFraction && i * intervalMillis > lateByMillis + intervalMillis;
    if (late) {
      eventMillis = arrival(i).getMillis() - maxDisorderMillis - lateByMillis - random.nextLong(intervalMillis);
    } else {
      eventMillis = arrival(i).getMillis() - random.nextLong(maxDisorderMillis + 1);
    }
    Instant eventTime = Instant.ofEpochMilli(eventMillis);
    String month =
        java.time.Instant.ofEpochMilli(eventMillis)
            .atZone(ZoneOffset.UTC)
            .getMonth()
            .getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    String category = "Category" + (1 + random.nextInt(CATEGORIES));
    String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
    int profit = random.nextInt(-10, 61);
    return Optional.of(new Sale(eventTime, month, category, product, profit));
  }

  /** Line {@code i} as text. */
  public String line(long i) {
    return sale(i).map(SaleGenerator::format).orElseGet(() -> malformed(i));
  }

  /** A sale in the summary's format with an ISO-8601 event time. */
  public static String format(Sale sale) {
    return FormatPanesAsJson.isoInstant(sale.eventTime()) + afterDate(sale);
  }

  /**
   * Line {@code i} as the summary's avg.txt writes it: the date as {@code dd-MM-yyyy}, not the
   * instant (a sale then falls on the midnight of its day).
   */
  public String dayLine(long i) {
    return sale(i).map(SaleGenerator::formatWithDay).orElseGet(() -> malformed(i));
  }

  /** A sale as the summary's avg.txt writes it: {@code 01-06-2018,June,Category5,Bat,12}. */
  public static String formatWithDay(Sale sale) {
    return DAY.format(java.time.Instant.ofEpochMilli(sale.eventTime().getMillis()).atZone(ZoneOffset.UTC))
        + afterDate(sale);
  }

  /** {@code ,month,category,product,profit}. */
  private static String afterDate(Sale sale) {
    return "," + sale.month() + "," + sale.category() + "," + sale.product() + "," + sale.profit();
  }

  private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("dd-MM-uuuu");

  private String malformed(long i) {
    String time = FormatPanesAsJson.isoInstant(arrival(i));
    return switch ((int) (i % MALFORMED_KINDS)) {
      case 0 -> time + ",June,Category1,Bat"; // a field missing
      case 1 -> "31-02-2018,June,Category1,Bat,12"; // no such date
      case 2 -> time + ",June,Category1,Bat,12.5"; // not a whole number
      case 3 -> time + ",June,Category1,Bat,99999999999"; // out of range
      case 4 -> time + ",June,Category1,,12"; // empty product
      default -> time + ",,Category1,Bat,12"; // empty month
    };
  }

  private SplittableRandom random(long i) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
  }
}

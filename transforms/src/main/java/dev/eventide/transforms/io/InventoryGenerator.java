package dev.eventide.transforms.io;

import dev.eventide.transforms.state.InventoryLedger.Event;
import java.io.Serializable;
import java.util.Optional;
import java.util.SplittableRandom;
import org.joda.time.Instant;

/**
 * A deterministic source of stock transactions ({@code itemId,change,time}) and stock queries
 * ({@code queryId,itemId,time}) over {@code items} items, for demos, tests and benchmarks. Like
 * {@link SaleGenerator}, record {@code i} depends only on the seed and {@code i}, so a test can
 * compute the expected stock on its own from {@link #transaction(long)} and {@link #query(long)}.
 *
 * <p>Transaction {@code i} arrives at {@code start + maxDisorder + i * interval}, query {@code j}
 * half an interval after transaction {@code j * queryEvery}; each has an event time up to {@code
 * maxDisorder} before its arrival. Changes run from -8 to +10 units, so a new item's first sales
 * are often rejected. A {@code malformedFraction} of lines are broken.
 */
public record InventoryGenerator(
    long seed, Instant start, long intervalMillis, long maxDisorderMillis, int items, int queryEvery, double malformedFraction)
    implements Serializable {

  public InventoryGenerator {
    if (intervalMillis <= 1 || maxDisorderMillis < 0 || items <= 0 || queryEvery <= 0) {
      throw new IllegalArgumentException("interval must be > 1 ms, disorder >= 0, items and queryEvery > 0");
    }
    if (!(malformedFraction >= 0 && malformedFraction <= 1)) {
      throw new IllegalArgumentException("the malformed fraction must lie in [0, 1]");
    }
  }

  /** The transaction lines. */
  public LineGenerator transactions() {
    return new Lines(this, false);
  }

  /** The query lines. */
  public LineGenerator queries() {
    return new Lines(this, true);
  }

  /** How many queries come with {@code transactions} transactions. */
  public long queriesFor(long transactions) {
    return (transactions + queryEvery - 1) / queryEvery;
  }

  /** Transaction {@code i}, or empty when its line is malformed. Its id is its line. */
  public Optional<Event> transaction(long i) {
    SplittableRandom random = random(i, false);
    if (random.nextDouble() < malformedFraction) {
      return Optional.empty();
    }
    Instant time = eventTime(arrival(i, false), random);
    String item = item(random);
    long change = random.nextInt(-8, 11);
    String line = item + "," + change + "," + FormatPanesAsJson.isoInstant(time);
    return Optional.of(Event.transaction(line, item, change, time));
  }

  /** Query {@code j}, or empty when its line is malformed. */
  public Optional<Event> query(long j) {
    SplittableRandom random = random(j, true);
    if (random.nextDouble() < malformedFraction) {
      return Optional.empty();
    }
    Instant time = eventTime(arrival(j, true), random);
    return Optional.of(Event.query("q" + j, item(random), time));
  }

  private Instant arrival(long n, boolean query) {
    long millis = maxDisorderMillis + (query ? n * queryEvery * intervalMillis + intervalMillis / 2 : n * intervalMillis);
    return start.plus(millis);
  }

  private Instant eventTime(Instant arrival, SplittableRandom random) {
    return arrival.minus(random.nextLong(maxDisorderMillis + 1));
  }

  private String item(SplittableRandom random) {
    return String.format("item-%02d", random.nextInt(items));
  }

  private SplittableRandom random(long n, boolean query) {
    return new SplittableRandom((seed * 0x9E3779B97F4A7C15L + n) * 31 + (query ? 1 : 0));
  }

  private String malformed(long n, boolean query) {
    String time = FormatPanesAsJson.isoInstant(arrival(n, query));
    return switch ((int) (n % 4)) {
      case 0 -> query ? "q" + n + ",item-01" : "item-01,5"; // a field missing
      case 1 -> query ? "q" + n + ",item-01,2018-02-31 10:00:00" : "item-01,5,2018-02-31 10:00:00"; // no such date
      case 2 -> query ? "q" + n + ",," + time : "item-01,2.5," + time; // empty item / not a whole number
      default -> query ? ",item-01," + time : ",5," + time; // empty id / item
    };
  }

  /** One of the generator's two streams, as numbered lines with a watermark. */
  private record Lines(InventoryGenerator generator, boolean query) implements LineGenerator {
    @Override
    public String line(long n) {
      Optional<Event> event = query ? generator.query(n) : generator.transaction(n);
      return event
          .map(e -> query ? e.id() + "," + e.itemId() + "," + FormatPanesAsJson.isoInstant(e.time()) : e.id())
          .orElseGet(() -> generator.malformed(n, query));
    }

    @Override
    public Instant watermarkAfter(long n) {
      return generator.arrival(n, query).minus(generator.maxDisorderMillis);
    }
  }
}

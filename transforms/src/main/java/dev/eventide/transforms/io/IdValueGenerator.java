package dev.eventide.transforms.io;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * {@code id,value} lines as in the summary's join files, line {@code i} a function of the seed and
 * {@code i} alone: {@link #persons} ({@code 3,Lui}) or {@link #locations} ({@code 3,LA}), with ids
 * drawn from 1 to {@code ids}, so that some ids come on one side only and some more than once.
 * Lines are {@code intervalMillis} apart in event time from {@code start}, in order. A {@code
 * malformedFraction} of lines are broken.
 */
public record IdValueGenerator(
    long seed, List<String> values, int ids, Instant start, long intervalMillis, double malformedFraction)
    implements LineGenerator {

  private static final List<String> CITIES =
      List.of("DC", "NY", "LA", "LU", "DL", "NH", "SF", "BO", "CH", "SE", "AT", "MI");
  private static final int MALFORMED_KINDS = 3;

  public IdValueGenerator {
    if (ids < 1 || intervalMillis <= 0 || !(malformedFraction >= 0 && malformedFraction <= 1)) {
      throw new IllegalArgumentException("ids must be >= 1, interval > 0, the malformed fraction in [0, 1]");
    }
  }

  /** Person names by id. */
  public static IdValueGenerator persons(long seed, int ids, Instant start, long intervalMillis, double malformed) {
    return new IdValueGenerator(seed, Names.FIRST_NAMES, ids, start, intervalMillis, malformed);
  }

  /** City codes by id. */
  public static IdValueGenerator locations(long seed, int ids, Instant start, long intervalMillis, double malformed) {
    return new IdValueGenerator(seed, CITIES, ids, start, intervalMillis, malformed);
  }

  /** The id and value line {@code i} holds, or empty when the line is malformed. */
  public Optional<KV<String, String>> record(long i) {
    SplittableRandom random = new SplittableRandom(seed * 0x9FB21C651E98DF25L + i);
    if (random.nextDouble() < malformedFraction) {
      return Optional.empty();
    }
    String id = Integer.toString(1 + random.nextInt(ids));
    return Optional.of(KV.of(id, values.get(random.nextInt(values.size()))));
  }

  @Override
  public String line(long i) {
    return record(i).map(r -> r.getKey() + "," + r.getValue()).orElseGet(() -> malformed(i));
  }

  @Override
  public Instant watermarkAfter(long i) {
    return start.plus(i * intervalMillis);
  }

  private String malformed(long i) {
    return switch ((int) (i % MALFORMED_KINDS)) {
      case 0 -> values.get(0); // no id
      case 1 -> "," + values.get(0); // empty id
      default -> i + "," + values.get(0) + "," + values.get(1); // a field too many
    };
  }
}

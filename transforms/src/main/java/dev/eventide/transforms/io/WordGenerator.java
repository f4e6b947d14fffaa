package dev.eventide.transforms.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.joda.time.Instant;

/**
 * Lines of names as in the summary's word-count file, line {@code i} a function of the seed and
 * {@code i} alone: mostly one name per line, sometimes two or three separated by ", " or " ", now
 * and then a line of punctuation only ({@code ---}, no words). Lines are {@code intervalMillis}
 * apart in event time from {@code start}, in order. A {@code malformedFraction} of lines hold a
 * control character or an undecodable byte (U+FFFD).
 */
public record WordGenerator(long seed, Instant start, long intervalMillis, double malformedFraction)
    implements LineGenerator {

  public WordGenerator {
    if (intervalMillis <= 0 || !(malformedFraction >= 0 && malformedFraction <= 1)) {
      throw new IllegalArgumentException("interval must be > 0 and the malformed fraction in [0, 1]");
    }
  }

  /** The words of line {@code i}, or empty when the line is malformed. */
  public Optional<List<String>> words(long i) {
    SplittableRandom random = new SplittableRandom(seed * 0x632BE59BD9B4E019L + i);
    if (random.nextDouble() < malformedFraction) {
      return Optional.empty();
    }
    int count = random.nextInt(20) == 0 ? 0 : random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
    List<String> words = new ArrayList<>();
    for (int w = 0; w < count; w++) {
      words.add(Names.pick(random));
    }
    return Optional.of(words);
  }

  @Override
  public String line(long i) {
    return words(i).map(words -> words.isEmpty() ? "---" : String.join(i % 2 == 0 ? ", " : " ", words))
        .orElseGet(() -> i % 2 == 0 ? "Noman\u0007" : "Jo\uFFFDce");
  }

  @Override
  public Instant watermarkAfter(long i) {
    return start.plus(i * intervalMillis);
  }
}

package dev.eventide.transforms.windowing;

import dev.eventide.transforms.parse.Limits;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** Durations as users write them on a command line: {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}, {@code 1d}. */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a non-negative duration; a bare {@code 0} is zero. At most {@link
   * Limits#LONGEST_DURATION} (1,000 years), the span that event times keep room for.
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a whole number and a unit, one of ms, s, m, h, d (e.g. 500ms, 2s, 10m)");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      amount = Long.MAX_VALUE;
    }
    long unitMillis =
        switch (m.group(2)) {
          case "ms" -> 1L;
          case "s" -> 1_000L;
          case "m" -> 60_000L;
          case "h" -> 3_600_000L;
          default -> 86_400_000L;
        };
    if (amount > Limits.LONGEST_DURATION.getMillis() / unitMillis) {
      throw new IllegalArgumentException(
          "'" + text + "' is too long a duration: at most " + Limits.LONGEST_DURATION.getStandardDays() + "d (1,000 years)");
    }
    return Duration.millis(amount * unitMillis);
  }

  /** The shortest text {@link #parse} reads back as the same duration. */
  public static String format(Duration duration) {
    long ms = duration.getMillis();
    if (ms == 0) {
      return "0";
    }
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1_000L == 0) {
      return ms / 1_000L + "s";
    }
    return ms + "ms";
  }
}

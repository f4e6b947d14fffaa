package dev.eventide.transforms.parse;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * What a value must be for a pipeline to carry it, not only to parse it: one set of limits for
 * every parser and source, so that the same line is a record in every job or a dead letter in
 * every job.
 *
 * <p>Event times: Beam holds instants of about ±292,000 years, but a record also needs its windows'
 * ends, the allowed lateness, and its timers (late routing, time-to-live, forgetting) to fit. Every
 * duration a job takes is at most {@link #LONGEST_DURATION} ({@code Durations.parse} refuses longer
 * ones), and a record's windows and timers lie within a few such durations of its time; so an event
 * time must keep {@link #ROOM} (ten of them) from each end of the range that the global window
 * allows. That leaves about −280,000 to +284,000 years.
 */
public final class Limits {

  /** The longest duration an option may give (a window, a gap, a lateness, a time-to-live): 1,000 years. */
  public static final Duration LONGEST_DURATION = Duration.standardDays(365_250);

  /** What an event time keeps from each end of Beam's range: ten of the longest durations. */
  public static final Duration ROOM = LONGEST_DURATION.multipliedBy(10);

  /** The earliest event time a record may have. */
  public static final Instant EARLIEST_EVENT_TIME = BoundedWindow.TIMESTAMP_MIN_VALUE.plus(ROOM);

  /** The latest event time a record may have. */
  public static final Instant LATEST_EVENT_TIME = GlobalWindow.INSTANCE.maxTimestamp().minus(ROOM);

  /**
   * The largest magnitude of a floating-point measurement: a sum of as many of them as a 64-bit
   * count can count stays finite (9.2e18 × 1e250 is far below Double.MAX_VALUE).
   */
  public static final double LARGEST_MEASUREMENT = 1e250;

  /** The most digits a decimal amount may have before its point, and after it: SQL's DECIMAL(38). */
  public static final int DECIMAL_DIGITS = 38;

  /**
   * The longest line a parser reads, in characters. Longer lines are dead letters: on the
   * FlinkRunner in batch mode a record must fit in a sort buffer (about 1.5 MB on a small
   * TaskManager), and a line of a megabyte made a key or a dead letter that stopped the job.
   */
  public static final int LONGEST_LINE = 65_536;

  /** How much of an over-long line its dead letter keeps. */
  static final int KEPT_OF_LONG_LINE = 1_000;

  private Limits() {}

  /** The first {@code max} characters of a longer text, without splitting a surrogate pair. */
  static String start(String text, int max) {
    return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
  }

  /** Null if a line is short enough to read; else why not. */
  public static String lineLengthViolation(String line) {
    if (line.length() > LONGEST_LINE) {
      return "line of " + line.length() + " characters is longer than the " + LONGEST_LINE + " a record may have";
    }
    return null;
  }

  /**
   * A line as its dead letter keeps it: whole, or the start of an over-long line (the rest would
   * make the dead letter itself too large to carry).
   */
  public static String asKept(String line) {
    if (line.length() <= LONGEST_LINE) {
      return line;
    }
    return start(line, KEPT_OF_LONG_LINE) + "… (" + line.length() + " characters in all)";
  }

  /** What a reason says of an event time out of range, after naming it. */
  public static final String EVENT_TIME_OUT_OF_RANGE =
      " is out of range: event times must lie between " + EARLIEST_EVENT_TIME + " and " + LATEST_EVENT_TIME
          + " so that their windows, lateness and timers fit in Beam's timestamps";

  /** Null if {@code time} is an event time pipelines can carry; else why not. */
  public static String eventTimeViolation(String field, Instant time) {
    return isEventTime(time.getMillis()) ? null : field + " " + time + EVENT_TIME_OUT_OF_RANGE;
  }

  /** Whether pipelines can carry {@code millis} since the epoch as an event time. */
  public static boolean isEventTime(long millis) {
    return millis >= EARLIEST_EVENT_TIME.getMillis() && millis <= LATEST_EVENT_TIME.getMillis();
  }

  /** {@code value}, a finite measurement sums can hold, or a reason. */
  public static double measurement(String field, String text, double value) throws InvalidRecordException {
    if (!Double.isFinite(value) || Math.abs(value) > LARGEST_MEASUREMENT) {
      throw new InvalidRecordException(
          field + " " + Fields.quote(text) + " is out of range: at most 1e250 in magnitude, so that sums stay finite");
    }
    return value;
  }
}
